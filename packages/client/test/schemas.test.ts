import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as api from "../src/index.js";
import {
  ApplyPolicyBodySchema,
  AuditQuerySchema,
  AuditVerifyQuerySchema,
  CredentialsQuerySchema,
  DenyBodySchema,
  ElevationRequestSchema,
  EvalPolicyBodySchema,
  GetRequestQuerySchema,
  ListPoliciesQuerySchema,
  ListRequestsQuerySchema,
  ROUTES,
  SetTrustTierBodySchema,
  SubmitRequestBodySchema,
} from "../src/index.js";
import { requestView } from "./fixtures.js";

const submit = {
  provider: "aws",
  role: "sandbox-readonly",
  resource_scope: "123456789012",
  duration_seconds: 1800,
  reason: "Testing real AWS provider - sandbox",
};

function firstIssue(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`expected ${JSON.stringify(value).slice(0, 80)} to be rejected`);
  const issue = result.error.issues[0];
  return `${issue.path.join(".")}: ${issue.message}`;
}

describe("input limits (spec 02)", () => {
  it("accepts a valid submission and rejects unknown fields", () => {
    expect(SubmitRequestBodySchema.parse(submit)).toEqual(submit);
    expect(firstIssue(SubmitRequestBodySchema, { ...submit, extra: 1 })).toMatch(/Unrecognized key/);
  });

  it.each([
    ["duration below 60 s", { duration_seconds: 59 }, /^duration_seconds: /],
    ["fractional duration", { duration_seconds: 60.5 }, /^duration_seconds: /],
    ["role over 256", { role: "r".repeat(257) }, /^role: /],
    ["scope over 256", { resource_scope: "s".repeat(257) }, /^resource_scope: /],
    ["reason over 2000", { reason: "x".repeat(2001) }, /^reason: /],
    ["empty role", { role: "" }, /^role: /],
    ["unknown provider syntax", { provider: "AWS!" }, /^provider: /],
    ["metadata of objects", { metadata: { ticket: { id: 1 } } }, /^metadata\.ticket: /],
  ])("rejects %s, naming the field", (_, change, message) => {
    expect(firstIssue(SubmitRequestBodySchema, { ...submit, ...change })).toMatch(message);
  });

  it("keeps reason at exactly 2000 and identity at exactly 320 characters", () => {
    expect(SubmitRequestBodySchema.safeParse({ ...submit, reason: "x".repeat(2000) }).success).toBe(true);
    const identity = `${"a".repeat(308)}@example.com`;
    expect(identity).toHaveLength(320);
    expect(ListRequestsQuerySchema.safeParse({ requester_identity: identity }).success).toBe(true);
    expect(firstIssue(ListRequestsQuerySchema, { requester_identity: `a${identity}` })).toMatch(
      /^requester_identity: /,
    );
    expect(firstIssue(ListRequestsQuerySchema, { requester_identity: "a|b@example.com" })).toMatch(/'\|'/);
  });

  it("requires a non-empty deny reason", () => {
    expect(firstIssue(DenyBodySchema, { reason: "  " })).toBe("reason: must not be empty");
    expect(firstIssue(DenyBodySchema, {})).toMatch(/^reason: /);
  });

  it("limits policies to 256 KiB of UTF-8 and defaults enabled to true", () => {
    const body = { name: "p", type: "eligibility", rego: "package jitsudo.eligibility" };
    expect(ApplyPolicyBodySchema.parse(body).enabled).toBe(true);
    expect(ApplyPolicyBodySchema.safeParse({ ...body, rego: "x".repeat(256 * 1024) }).success).toBe(true);
    expect(firstIssue(ApplyPolicyBodySchema, { ...body, rego: "é".repeat(128 * 1024 + 1) })).toMatch(
      /^rego: .*256 KiB/,
    );
    expect(firstIssue(ApplyPolicyBodySchema, { ...body, name: "-bad" })).toMatch(/^name: /);
  });

  it("limits trust tiers to 0-4", () => {
    expect(SetTrustTierBodySchema.parse({ trust_tier: 4, notes: null })).toEqual({
      trust_tier: 4,
      notes: null,
    });
    expect(firstIssue(SetTrustTierBodySchema, { trust_tier: 5 })).toMatch(/^trust_tier: /);
  });
});

describe("long protobuf-style names", () => {
  it("normalises request states and policy types", () => {
    expect(ListRequestsQuerySchema.parse({ state: "REQUEST_STATE_PENDING" }).state).toBe("PENDING");
    expect(GetRequestQuerySchema.parse({ known_state: "REQUEST_STATE_ACTIVE" }).known_state).toBe("ACTIVE");
    expect(ApplyPolicyBodySchema.parse({ name: "p", type: "POLICY_TYPE_APPROVAL", rego: "x" }).type).toBe(
      "approval",
    );
    expect(EvalPolicyBodySchema.parse({ input: {}, type: "POLICY_TYPE_ELIGIBILITY" }).type).toBe(
      "eligibility",
    );
    expect(ListPoliciesQuerySchema.parse({ type: "approval" }).type).toBe("approval");
    expect(firstIssue(ListRequestsQuerySchema, { state: "pending" })).toMatch(/^state: /);
  });
});

describe("query strings", () => {
  it("coerces booleans and integers as they arrive from a URL", () => {
    expect(ListRequestsQuerySchema.parse({ mine: "true", pending: "false", page_size: "20" })).toEqual({
      mine: true,
      pending: false,
      page_size: 20,
    });
    expect(GetRequestQuerySchema.parse({ wait_seconds: "30", known_state: "PENDING" })).toEqual({
      wait_seconds: 30,
      known_state: "PENDING",
    });
    expect(AuditVerifyQuerySchema.parse({ from_id: "1", to_id: "1042" })).toEqual({
      from_id: 1,
      to_id: 1042,
    });
  });

  it("rejects what is not a boolean, an integer or in range", () => {
    expect(firstIssue(ListRequestsQuerySchema, { mine: "yes" })).toBe("mine: must be true or false");
    expect(firstIssue(ListRequestsQuerySchema, { page_size: "ten" })).toBe("page_size: must be an integer");
    expect(firstIssue(ListRequestsQuerySchema, { page_size: "0" })).toMatch(/^page_size: /);
    expect(firstIssue(GetRequestQuerySchema, { wait_seconds: "61" })).toMatch(/^wait_seconds: /);
    expect(firstIssue(AuditQuerySchema, { page_size: "1001" })).toMatch(/^page_size: /);
    expect(firstIssue(AuditQuerySchema, { order: "random" })).toMatch(/^order: /);
    expect(firstIssue(AuditQuerySchema, { since: "yesterday" })).toMatch(/^since: /);
    expect(firstIssue(ListRequestsQuerySchema, { sort: "x" })).toMatch(/Unrecognized key/);
  });

  it("takes purpose and command for credential reads", () => {
    expect(CredentialsQuerySchema.parse({ purpose: "exec", command: "aws" })).toEqual({
      purpose: "exec",
      command: "aws",
    });
    expect(firstIssue(CredentialsQuerySchema, { purpose: "mcp" })).toMatch(/^purpose: /);
  });
});

describe("responses", () => {
  it("parse the server's request view, keeping additions the client does not know out", () => {
    const view = requestView({ state: "ACTIVE", expires_at: "2026-03-20T18:00:00.000Z" });
    expect(ElevationRequestSchema.parse({ ...view, future_field: 1 })).toEqual(view);
  });
});

describe("OpenAPI generation", () => {
  const schemas = Object.entries(api as Record<string, unknown>).filter(
    (entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType,
  );

  it("exports a schema for every object, body, query and answer", () => {
    const names = schemas.map(([name]) => name);
    for (const name of [
      "ElevationRequestSchema",
      "GrantSchema",
      "PolicySchema",
      "PolicySummarySchema",
      "AuditEventSchema",
      "PrincipalSchema",
      "WhoamiSchema",
      "ProblemSchema",
      "AuditVerifyResultSchema",
    ]) {
      expect(names).toContain(name);
    }
  });

  it.each(["input", "output"] as const)("converts every schema to JSON Schema (%s)", (io) => {
    for (const [name, schema] of schemas) {
      expect(() => z.toJSONSchema(schema, { io }), name).not.toThrow();
    }
  });

  it("names objects and describes fields", () => {
    const doc = z.toJSONSchema(ROUTES.submitRequest.body, { io: "input" }) as {
      $ref: string;
      $defs: Record<
        string,
        { additionalProperties: boolean; properties: Record<string, { description?: string }> }
      >;
    };
    expect(doc.$ref).toBe("#/$defs/SubmitRequestBody");
    const body = doc.$defs.SubmitRequestBody;
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.duration_seconds.description).toMatch(/at least 60/);
  });

  it("shows long state names on input and only short ones on output", () => {
    const enumOf = (io: "input" | "output") =>
      (z.toJSONSchema(api.RequestStateInputSchema, { io }) as { $defs: Record<string, { enum: string[] }> })
        .$defs.RequestStateInput.enum;
    expect(enumOf("input")).toContain("REQUEST_STATE_PENDING");
    expect(enumOf("output")).toEqual([...api.REQUEST_STATES]);
  });
});
