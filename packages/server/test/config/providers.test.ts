import { describe, expect, it } from "vitest";
import { devConfig, problemAt, problemsOf, serveConfig } from "./helpers.js";

const TEMPLATE = "arn:aws:iam::{scope}:role/jitsudo-{role}";

describe("providers", () => {
  it("are available only with a block", () => {
    expect(serveConfig({ providers: {} }).providers).toEqual({
      mock: undefined,
      aws: undefined,
      azure: undefined,
      gcp: undefined,
      kubernetes: undefined,
    });
  });
});

describe("providers.mock", () => {
  it("is enabled by an empty block, with no failures injected", () => {
    expect(devConfig({ providers: { mock: {} } }).providers.mock).toEqual({
      failGrantTimes: 0,
      failRevokeTimes: 0,
      latencyMs: 0,
    });
  });

  it("injects failures and latency", () => {
    const mock = { fail_grant_times: 2, fail_revoke_times: 1, latency_ms: 50 };
    expect(devConfig({ providers: { mock } }).providers.mock).toEqual({
      failGrantTimes: 2,
      failRevokeTimes: 1,
      latencyMs: 50,
    });
  });

  it("refuses negative counts", () => {
    const problems = problemsOf(() => devConfig({ providers: { mock: { latency_ms: -1 } } }));
    expect(problemAt(problems, "providers.mock.latency_ms").message).toBe("must be at least 0");
  });
});

describe("providers.aws", () => {
  it("reads the seed walkthrough's block, default_region and all", () => {
    const aws = {
      mode: "sts_assume_role",
      role_arn_template: TEMPLATE,
      default_region: "us-east-1",
      credentials_source: "static",
    };
    expect(serveConfig({ providers: { aws } }).providers.aws).toEqual({
      mode: "sts_assume_role",
      roleArnTemplate: TEMPLATE,
      region: "us-east-1",
      credentialsSource: "static",
      externalId: "jitsudo",
      maxDurationMs: undefined,
      endpointUrl: undefined,
    });
  });

  it("reads spec 08's block", () => {
    const aws = {
      mode: "sts_assume_role",
      role_arn_template: TEMPLATE,
      region: "eu-central-1",
      credentials_source: "irsa",
      external_id: "jitsudo-prod",
      max_duration: "4h",
      endpoint_url: "",
    };
    expect(serveConfig({ providers: { aws } }).providers.aws).toMatchObject({
      region: "eu-central-1",
      credentialsSource: "irsa",
      externalId: "jitsudo-prod",
      maxDurationMs: 4 * 3_600_000,
      endpointUrl: undefined,
    });
  });

  it("sends no ExternalId when it is configured empty", () => {
    const aws = { role_arn_template: TEMPLATE, external_id: "" };
    expect(serveConfig({ providers: { aws } }).providers.aws?.externalId).toBeUndefined();
  });

  it("reads identity_center mode", () => {
    const aws = {
      mode: "identity_center",
      identity_center_instance_arn: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
      identity_center_store_id: "d-1234567890",
      endpoint_url: "http://127.0.0.1:4566",
    };
    expect(serveConfig({ providers: { aws } }).providers.aws).toMatchObject({
      mode: "identity_center",
      identityCenterInstanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
      identityCenterStoreId: "d-1234567890",
      endpointUrl: "http://127.0.0.1:4566",
      region: "us-east-1",
    });
  });

  it.each([
    ["role/jitsudo-{role}", "must be an ARN template such as arn:aws:iam::{scope}:role/jitsudo-{role}"],
    ["arn:aws:iam::{scope}:role/jitsudo-admin", "must contain {role}"],
    [
      "arn:aws:iam::{acount}:role/{role}",
      "unknown placeholder {acount}; only {scope} and {role} are replaced",
    ],
  ])("refuses the template %s", (template, message) => {
    const problems = problemsOf(() => serveConfig({ providers: { aws: { role_arn_template: template } } }));
    expect(problemAt(problems, "providers.aws.role_arn_template").message).toBe(message);
  });

  it.each([
    ["mode", "sts", 'must be one of sts_assume_role, identity_center, not "sts"'],
    ["credentials_source", "env", 'must be one of default, static, instance_profile, irsa, not "env"'],
    ["region", "US-EAST-1", '"US-EAST-1" is not an AWS region such as us-east-1'],
    ["endpoint_url", "localhost:4566", "must be an http:// or https:// URL"],
  ])("refuses %s %j", (key, value, message) => {
    const problems = problemsOf(() =>
      serveConfig({ providers: { aws: { role_arn_template: TEMPLATE, [key]: value } } }),
    );
    expect(problemAt(problems, `providers.aws.${key}`).message).toBe(message);
  });
});

describe("providers.azure", () => {
  it("reads spec 08's block, with Azure's public endpoints by default", () => {
    const azure = {
      tenant_id: "11111111-2222-3333-4444-555555555555",
      client_id: "66666666-7777-8888-9999-000000000000",
      credentials_source: "workload_identity",
      default_subscription_id: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
      max_duration: "4h",
    };
    expect(serveConfig({ providers: { azure } }).providers.azure).toEqual({
      tenantId: "11111111-2222-3333-4444-555555555555",
      clientId: "66666666-7777-8888-9999-000000000000",
      clientSecret: undefined,
      credentialsSource: "workload_identity",
      defaultSubscriptionId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
      maxDurationMs: 4 * 3_600_000,
      armEndpoint: "https://management.azure.com",
      graphEndpoint: "https://graph.microsoft.com",
    });
  });

  it("needs a tenant and takes GUIDs for IDs", () => {
    const problems = problemsOf(() =>
      serveConfig({ providers: { azure: { default_subscription_id: "prod" } } }),
    );
    expect(problemAt(problems, "providers.azure.tenant_id").message).toBe("is required");
    expect(problemAt(problems, "providers.azure.default_subscription_id").message).toBe(
      '"prod" is not a GUID',
    );
  });
});

describe("providers.gcp", () => {
  it("has spec 08's defaults", () => {
    expect(serveConfig({ providers: { gcp: {} } }).providers.gcp).toEqual({
      credentialsSource: "application_default",
      conditionTitlePrefix: "jitsudo",
      maxDurationMs: undefined,
      apiEndpoint: "https://cloudresourcemanager.googleapis.com",
    });
  });

  it("reads its block", () => {
    const gcp = {
      credentials_source: "workload_identity_federation",
      condition_title_prefix: "jit",
      max_duration: "8h",
    };
    expect(serveConfig({ providers: { gcp } }).providers.gcp).toMatchObject({
      credentialsSource: "workload_identity_federation",
      conditionTitlePrefix: "jit",
      maxDurationMs: 8 * 3_600_000,
    });
  });
});

describe("providers.kubernetes", () => {
  it("has spec 08's defaults, empty strings meaning in-cluster", () => {
    const kubernetes = { kubeconfig: "", context: "", max_duration: "1h", user_prefix: "" };
    expect(serveConfig({ providers: { kubernetes } }).providers.kubernetes).toEqual({
      kubeconfig: undefined,
      context: undefined,
      maxDurationMs: 3_600_000,
      managedLabel: "jitsudo.dev/managed",
      userPrefix: "",
    });
  });

  it("keeps a user prefix and refuses a label key Kubernetes would", () => {
    const kubernetes = { user_prefix: "oidc:", managed_label: "jitsudo.dev/managed/x" };
    const problems = problemsOf(() => serveConfig({ providers: { kubernetes } }));
    expect(problemAt(problems, "providers.kubernetes.managed_label").message).toBe(
      '"jitsudo.dev/managed/x" is not a Kubernetes label key such as jitsudo.dev/managed',
    );
    expect(
      serveConfig({ providers: { kubernetes: { user_prefix: "oidc:" } } }).providers.kubernetes?.userPrefix,
    ).toBe("oidc:");
  });
});
