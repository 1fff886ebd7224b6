export { AUDIT_FILE, createAuditLog, type AuditLog, type AuditLogOptions } from "./auditLog.js";
export { canonicalJson, hashArgs, toAuditEvent, type AuditInput } from "./auditEvent.js";
export type { AuditEvent, AuditOutcome, AuditQuery } from "@mcp-hub/contracts";
