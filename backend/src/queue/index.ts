export { SerialQueue } from "./serialQueue.js";
