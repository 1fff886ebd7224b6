export { createProgram } from "./program.js";
export { CliError, EXIT } from "./hubClient.js";
