import { pino } from "pino";
import { expect } from "vitest";
import { OidcVerifier, type OidcVerifierOptions } from "../../../src/auth/index.js";

/** A verifier with the product's default role settings and fast retries, not started. */
export function newVerifier(issuer: string, overrides: Partial<OidcVerifierOptions> = {}): OidcVerifier {
  return new OidcVerifier({
    issuer,
    audiences: ["jitsudo-cli"],
    groupsClaim: "groups",
    adminGroup: "jitsudo-admins",
    adminEmails: [],
    auditorGroup: "jitsudo-auditors",
    log: pino({ level: "silent" }),
    retryInitialDelayMs: 20,
    retryMaxDelayMs: 200,
    ...overrides,
  });
}

export async function startedVerifier(issuer: string, overrides: Partial<OidcVerifierOptions> = {}) {
  const verifier = newVerifier(issuer, overrides);
  verifier.start();
  await until(
    () => verifier.readiness().ready,
    () => `not ready: ${verifier.readiness().problem}`,
  );
  return verifier;
}

export async function until(
  condition: () => boolean,
  explain: () => string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Asserts a 401 with exactly this detail, which must not echo any part of the token. */
export async function expectRejected(verifier: OidcVerifier, token: string, detail: string): Promise<void> {
  const error = await verifier.verify(token).then(
    (caller) => {
      throw new Error(`token accepted for ${caller.identity}, expected "${detail}"`);
    },
    (rejection: unknown) => rejection,
  );
  expect(error).toMatchObject({ code: "unauthenticated", status: 401, detail });
  for (const part of token.split(".").filter((segment) => segment.length > 8)) {
    expect((error as Error).message).not.toContain(part);
  }
}
