export * from "./hubError.js";
export { toHttpError } from "./mapping.js";
