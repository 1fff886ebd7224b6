export {
  AUDIT_FILE,
  createAuditLog,
  type AuditLog,
  type AuditLogOptions,
  type AuditQuery,
} from "./auditLog.js";
export {
  auditEventSchema,
  auditOutcomeSchema,
  canonicalJson,
  hashArgs,
  toAuditEvent,
  type AuditEvent,
  type AuditInput,
  type AuditOutcome,
} from "./auditEvent.js";
