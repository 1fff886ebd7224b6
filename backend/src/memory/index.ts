export { startIdleCollector, type IdleCollector, type IdleCollectorOptions } from "./idleCollector.js";
