/** API objects shaped as the server's views produce them. */
import type { AuditEvent, ElevationRequest, Policy, Principal } from "../src/index.js";

export function requestView(overrides: Partial<ElevationRequest> = {}): ElevationRequest {
  return {
    id: "req_01J8KZ4F2EMNQZ3V7XKQYBD4W",
    state: "PENDING",
    requester_identity: "alice@example.com",
    provider: "aws",
    role: "prod-infra-admin",
    resource_scope: "123456789012",
    duration_seconds: 7200,
    reason: "Investigating P1 ECS crash - INC-4421",
    break_glass: false,
    metadata: {},
    approver_tier: "human",
    approver_identity: null,
    approver_comment: null,
    ai_reasoning: null,
    created_at: "2026-03-20T16:00:00.000Z",
    updated_at: "2026-03-20T16:00:00.000Z",
    approved_at: null,
    activated_at: null,
    expires_at: null,
    ended_at: null,
    last_error: null,
    ...overrides,
  };
}

export function policyView(overrides: Partial<Policy> = {}): Policy {
  return {
    id: "pol_01J8KZ4F2EMNQZ3V7XKQYBD4W",
    name: "aws-sandbox-eligibility",
    type: "eligibility",
    rego: "package jitsudo.eligibility\n\ndefault allow := false\n",
    description: "",
    enabled: true,
    created_at: "2026-03-20T16:00:00.000Z",
    updated_at: "2026-03-20T16:00:00.000Z",
    updated_by: "charlie@example.com",
    ...overrides,
  };
}

export function principalView(overrides: Partial<Principal> = {}): Principal {
  return {
    identity: "alice@example.com",
    trust_tier: 0,
    notes: null,
    enrolled_by: null,
    enrolled_at: null,
    last_seen_at: "2026-03-20T16:00:00.000Z",
    ...overrides,
  };
}

export function auditEvent(id: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id,
    timestamp: "2026-03-20T16:00:00.123Z",
    actor_identity: "alice@example.com",
    action: "request.created",
    request_id: "req_01J8KZ4F2EMNQZ3V7XKQYBD4W",
    provider: "aws",
    resource_scope: "123456789012",
    outcome: "success",
    details_json: "{}",
    prev_hash: "",
    hash: "0".repeat(64),
    ...overrides,
  };
}
