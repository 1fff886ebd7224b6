export * from "./hubError.js";
export { errorMessage, toError } from "./errorMessage.js";
export { toHttpError } from "./mapping.js";
