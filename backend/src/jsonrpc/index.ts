export { isJsonRpcMessage, parseJsonRpcLine } from "./message.js";
