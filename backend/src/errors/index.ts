export * from "./hubError.js";
export { toHttpError } from "./mapping.js";
export { errorMessage } from "./errorMessage.js";
