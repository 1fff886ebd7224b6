export * from "./hubError.js";
