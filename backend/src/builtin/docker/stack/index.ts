export { ComposeError, parseCompose, type ComposeFile } from "./compose.js";
export { planStack, STACK_NAME, type StackPlan } from "./plan.js";
export { deployStack, type DeployReport } from "./deploy.js";
export { stackStatus, stackNames, type StackStatus } from "./status.js";
export { renderTemplate, TEMPLATES } from "./templates.js";
