export { type AuditEventRow, appendAuditEvent, type NewAuditEvent } from "./append.js";
export {
  auditTimestamp,
  canonicalJson,
  eventHash,
} from "./chain.js";
export {
  type AuditEventView,
  type AuditQuery,
  DEFAULT_AUDIT_PAGE_SIZE,
  MAX_AUDIT_PAGE_SIZE,
  queryAudit,
  toAuditView,
} from "./query.js";
export { type VerifyResult, verifyAuditChain } from "./verify.js";
