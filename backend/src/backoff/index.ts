export { backoffDelay, type BackoffOptions } from "./backoff.js";
