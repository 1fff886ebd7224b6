export { apiRoutes, type ApiOptions } from "./routes.js";
