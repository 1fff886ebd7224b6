export { dashboard, type DashboardOptions } from "./dashboard.js";
