export { isJsonRpcMessage, isObject, parseJsonRpcLine } from "./message.js";
export { keepText, messageText } from "./messageText.js";
