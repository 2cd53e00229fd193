import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import {
  ConfigError,
  type ConfigProblem,
  type Env,
  parseConfig,
  type ServerConfig,
} from "../../src/config/index.js";

export const ISSUER = "https://login.example.com/realms/ops";
export const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");
export const MCP_TOKEN = "mcp-token-0123456789abcdef0123456789";
export const SIGNING_KEY_PEM = generateKeyPairSync("ed25519")
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();

/** A serve-mode config from a tree, with the issuer every serve config needs. */
export function serveConfig(tree: unknown, env: Env = {}): ServerConfig {
  return parseConfig(tree, { JITSUDOD_OIDC_ISSUER: ISSUER, ...env }, "serve").config;
}

export function devConfig(tree: unknown, env: Env = {}): ServerConfig {
  return parseConfig(tree, env, "dev").config;
}

export function configErrorOf(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError, but the configuration loaded");
}

export function problemsOf(load: () => unknown): readonly ConfigProblem[] {
  return configErrorOf(load).problems;
}

/** The one problem at `path` (fails the test when there is none or more than one). */
export function problemAt(problems: readonly ConfigProblem[], path: string): ConfigProblem {
  const matching = problems.filter((problem) => problem.path === path);
  expect(matching, `problems at ${path} among ${JSON.stringify(problems)}`).toHaveLength(1);
  return matching[0];
}

export function writeTempFile(name: string, contents: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "jitsudod-config-")), name);
  writeFileSync(file, contents);
  return file;
}
