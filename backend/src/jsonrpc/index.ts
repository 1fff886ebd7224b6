export { isJsonRpcMessage, isObject, parseJsonRpcLine } from "./message.js";
