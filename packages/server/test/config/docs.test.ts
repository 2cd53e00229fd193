/** docs/configuration.md must describe the configuration that exists, and its example must load. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { ENV_SETTINGS, parseConfig } from "../../src/config/index.js";
import { configFileSchema } from "../../src/config/schema.js";
import { ENCRYPTION_KEY, SIGNING_KEY_PEM } from "./helpers.js";

const DOC = readFileSync(new URL("../../../../docs/configuration.md", import.meta.url), "utf8");

/** Every leaf key of the schema, lists written `[]`: `notifications.webhooks[].url`. */
function keyPaths(schema: z.ZodType, prefix = ""): string[] {
  const node = unwrap(schema);
  if (node instanceof z.ZodArray) {
    const element = unwrap(node.element as z.ZodType);
    return element instanceof z.ZodObject ? keyPaths(element, `${prefix}[]`) : [prefix];
  }
  if (!(node instanceof z.ZodObject)) return [prefix];
  return Object.entries(node.shape).flatMap(([key, child]) =>
    keyPaths(child as z.ZodType, prefix === "" ? key : `${prefix}.${key}`),
  );
}

function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
    return unwrap(schema.unwrap() as z.ZodType);
  }
  return schema instanceof z.ZodPipe ? unwrap(schema.in as z.ZodType) : schema;
}

function productionExample(): unknown {
  const match = /```yaml\n(# \/etc\/jitsudo\/jitsudod\.yaml\n[\s\S]*?)```/.exec(DOC);
  if (match === null) throw new Error("the production example is missing from docs/configuration.md");
  return parse(match[1]);
}

describe("docs/configuration.md", () => {
  it("documents every key", () => {
    const undocumented = keyPaths(configFileSchema).filter((key) => !DOC.includes(`\`${key}\``));
    expect(undocumented).toEqual([]);
  });

  it("documents every environment variable", () => {
    const undocumented = ENV_SETTINGS.map((setting) => setting.name).filter(
      (name) => !DOC.includes(`\`${name}\``),
    );
    expect(undocumented).toEqual([]);
  });

  it("has a production example that loads, with the secrets from the environment", () => {
    const env = {
      JITSUDOD_DATABASE_URL: "postgres://jitsudo:pw@db.internal.example.com:5432/jitsudo?sslmode=verify-full",
      JITSUDOD_ENCRYPTION_KEY: ENCRYPTION_KEY,
      JITSUDOD_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T000/B000/XXXX",
      JITSUDOD_AUDIT_SIGNING_KEY: SIGNING_KEY_PEM.replaceAll("\n", "\\n"),
    };
    const { config, warnings } = parseConfig(productionExample(), env, "serve");
    expect(warnings).toEqual([]);
    expect(config.database.driver).toBe("postgres");
    expect(config.auth.oidcIssuer).toBe("https://login.example.com/realms/ops");
    expect(config.audit.signingKey?.reveal()).toBe(SIGNING_KEY_PEM);
    expect(config.providers.aws).toEqual({
      mode: "sts_assume_role",
      roleArnTemplate: "arn:aws:iam::{scope}:role/jitsudo-{role}",
      region: "us-east-1",
      credentialsSource: "static",
      externalId: "jitsudo",
      maxDurationMs: 4 * 3_600_000,
      endpointUrl: undefined,
    });
  });
});
