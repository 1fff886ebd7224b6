export { CALL_DURATION_BUCKETS, createMetrics, type CallLabels, type HubMetrics } from "./hubMetrics.js";
