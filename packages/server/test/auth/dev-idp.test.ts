import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt, decodeProtectedHeader } from "jose";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { OidcVerifier } from "../../src/auth/index.js";
import { DEV_SCOPES, ID_TOKEN_TTL_SECONDS, SIGNING_KEY_FILE } from "../../src/dev/idp/index.js";
import { loadOrCreateSigningKey } from "../../src/dev/idp/signing-key.js";
import { Browser, type Page } from "./helpers/browser.js";
import { type RunningDevIdp, startDevIdp } from "./helpers/dev-idp-server.js";
import { type DevTokenResponse, devToken, postDevToken, readJson } from "./helpers/dev-token.js";
import { startedVerifier } from "./helpers/verifier.js";

interface PublishedKeys {
  readonly keys: ReadonlyArray<Record<string, unknown> & { kid: string }>;
}

let idp: RunningDevIdp;
let verifier: OidcVerifier;

beforeAll(async () => {
  idp = await startDevIdp();
  verifier = await startedVerifier(idp.issuer);
});

afterAll(async () => {
  verifier.stop();
  await idp.close();
});

/** The CLI's view of the dev IdP: discovery over plain http, public client jitsudo-cli. */
const cliConfiguration = () =>
  client.discovery(new URL(idp.issuer), "jitsudo-cli", undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  });

describe("mounted under /dev/idp", () => {
  test("discovery advertises the issuer and endpoints under the mount path", async () => {
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const document = await readJson<{ scopes_supported: string[] }>(response);
    expect(document).toMatchObject({
      issuer: idp.issuer,
      jwks_uri: `${idp.issuer}/jwks`,
      token_endpoint: `${idp.issuer}/token`,
      device_authorization_endpoint: `${idp.issuer}/device/auth`,
      authorization_endpoint: `${idp.issuer}/auth`,
      id_token_signing_alg_values_supported: ["RS256"],
    });
    expect(document.scopes_supported).toEqual(expect.arrayContaining(DEV_SCOPES.split(" ")));
  });

  test("the JWKS publishes one public RS256 key", async () => {
    const { keys } = await readJson<PublishedKeys>(await fetch(`${idp.issuer}/jwks`));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(keys[0]).not.toHaveProperty("d");
  });

  test("a sign-in page opened without its interaction cookie says to start over", async () => {
    const page = await new Browser().open(`${idp.issuer}/interaction/some-uid`);
    expect(page.status).toBe(400);
    expect(page.html).toContain("This sign-in page has expired or was already used.");
  });

  test("paths outside the mount are not the provider's", async () => {
    expect((await fetch(`${idp.origin}/.well-known/openid-configuration`)).status).toBe(404);
  });
});

describe("the device flow, driven to completion as the CLI and a browser would", () => {
  /** Signs in at the verification page as a person would; returns every page seen. */
  async function approveInBrowser(verificationUri: string, userCode: string, email: string): Promise<Page[]> {
    const browser = new Browser();
    const pages = [await browser.open(verificationUri)];
    pages.push(await browser.submit("op.deviceInputForm", { user_code: userCode }));
    expect(pages.at(-1)?.html).toContain("Confirm device");
    pages.push(await browser.submit("op.deviceConfirmForm"));
    expect(pages.at(-1)?.url.pathname).toMatch(/^\/dev\/idp\/interaction\/[\w-]+$/);

    const wrongPassword = await browser.submit("login", { email, password: "not-the-password" });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.html).toContain("Unknown email or wrong password.");
    pages.push(wrongPassword, await browser.submit("login", { email, password: "password" }));
    expect(pages.at(-1)?.html).toContain("Allow access?");

    pages.push(await browser.submit("allow"));
    expect(pages.at(-1)).toMatchObject({ status: 200 });
    expect(pages.at(-1)?.html).toContain("Signed in");
    return pages;
  }

  let refreshToken: string | undefined;
  let firstIdToken: string | undefined;

  test("yields an ID token the verifier accepts, for the user who signed in", async () => {
    const configuration = await cliConfiguration();
    const authorization = await client.initiateDeviceAuthorization(configuration, { scope: DEV_SCOPES });
    expect(authorization.verification_uri).toBe(`${idp.issuer}/device`);

    const pages = await approveInBrowser(
      authorization.verification_uri,
      authorization.user_code,
      "bob@example.com",
    );
    for (const page of pages) expect(page.html).not.toMatch(/<script|<link|@import|\bsrc=|url\(/i);

    const tokens = await client.pollDeviceAuthorizationGrant(configuration, authorization);
    expect(tokens.id_token).toBeTypeOf("string");
    expect(tokens.claims()).toMatchObject({
      email: "bob@example.com",
      email_verified: true,
      groups: ["sre", "sre-leads"],
    });
    expect(await verifier.verify(tokens.id_token as string)).toEqual({
      identity: "bob@example.com",
      subject: "bob",
      groups: ["sre", "sre-leads"],
      admin: false,
      auditor: false,
    });
    refreshToken = tokens.refresh_token;
    firstIdToken = tokens.id_token;
  }, 30_000);

  test("and a refresh-token grant returns a fresh ID token that verifies too", async () => {
    expect(refreshToken).toBeTypeOf("string");
    // ID tokens have one-second resolution: wait for the next second so "fresh" is observable in iat.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const refreshed = await client.refreshTokenGrant(await cliConfiguration(), refreshToken as string);
    expect(refreshed.id_token).toBeTypeOf("string");
    expect(decodeJwt(refreshed.id_token as string).iat).toBeGreaterThan(
      decodeJwt(firstIdToken as string).iat as number,
    );
    expect((await verifier.verify(refreshed.id_token as string)).identity).toBe("bob@example.com");
  });

  test("stays pending while nobody has signed in, and denial at the consent page ends it", async () => {
    const configuration = await cliConfiguration();
    const authorization = await client.initiateDeviceAuthorization(configuration, { scope: DEV_SCOPES });
    const poll = () =>
      client
        .genericGrantRequest(configuration, "urn:ietf:params:oauth:grant-type:device_code", {
          device_code: authorization.device_code,
        })
        .catch((error: unknown) => error);
    expect(await poll()).toMatchObject({ error: "authorization_pending" });

    const browser = new Browser();
    await browser.open(authorization.verification_uri);
    await browser.submit("op.deviceInputForm", { user_code: authorization.user_code });
    await browser.submit("op.deviceConfirmForm");
    await browser.submit("login", { email: "alice@example.com", password: "password" });
    const denied = await browser.submit("deny");
    expect(denied.html).toContain("Sign-in cancelled.");

    expect(await poll()).toMatchObject({ error: "access_denied" });
  });
});

describe("POST /dev/token", () => {
  test("returns an ID token for a dev user that the verifier accepts", async () => {
    const response = await postDevToken(idp.origin, { email: "charlie@example.com" });
    expect(response.status).toBe(200);
    const body = await readJson<DevTokenResponse>(response);
    expect(Object.keys(body).sort()).toEqual(["expires_in", "id_token"]);
    expect(body.expires_in).toBe(ID_TOKEN_TTL_SECONDS);
    const claims = decodeJwt(body.id_token);
    expect(claims).toMatchObject({ iss: idp.issuer, aud: "jitsudo-cli", email_verified: true });
    expect((claims.exp as number) - (claims.iat as number)).toBe(ID_TOKEN_TTL_SECONDS);
    expect(await verifier.verify(body.id_token)).toEqual({
      identity: "charlie@example.com",
      subject: "charlie",
      groups: ["jitsudo-admins"],
      admin: true,
      auditor: false,
    });
  });

  test("signs with the key the JWKS publishes", async () => {
    const { keys } = await readJson<PublishedKeys>(await fetch(`${idp.issuer}/jwks`));
    const header = decodeProtectedHeader(await devToken(idp.origin, "alice@example.com"));
    expect(header).toMatchObject({ alg: "RS256", kid: keys[0].kid });
  });

  test("answers 400 naming the dev users for an unknown email", async () => {
    const response = await postDevToken(idp.origin, { email: "mallory@example.com" });
    expect(response.status).toBe(400);
    expect((await readJson<{ message: string }>(response)).message).toBe(
      'email: "mallory@example.com" is not a dev user (dev users: alice@example.com, bob@example.com, charlie@example.com)',
    );
  });

  test.each([
    ["no email", {}],
    ["a non-string email", { email: 42 }],
    ["an extra field", { email: "alice@example.com", groups: ["jitsudo-admins"] }],
    ["an array", ["alice@example.com"]],
    ["an over-long email", { email: `${"a".repeat(400)}@example.com` }],
  ])("answers 400 for a body with %s", async (_, body) => {
    const response = await postDevToken(idp.origin, body);
    expect(response.status).toBe(400);
    expect((await readJson<{ message: string }>(response)).message).toBe(
      'request body must be {"email": "<dev user email>"} and nothing else',
    );
  });
});

describe("the signing key", () => {
  test("is kept in the data directory (0600), so tokens issued before a restart verify after it", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "jitsudo-dev-key-"));
    try {
      const first = await startDevIdp({ dataDir });
      const token = await devToken(first.origin, "alice@example.com");
      await first.close();
      expect((await stat(join(dataDir, SIGNING_KEY_FILE))).mode & 0o777).toBe(0o600);

      const restarted = await startDevIdp({ dataDir, port: first.port });
      try {
        const fresh = await startedVerifier(restarted.issuer);
        expect((await fresh.verify(token)).identity).toBe("alice@example.com");
        fresh.stop();
      } finally {
        await restarted.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test("is generated anew for every instance without a data directory", async () => {
    const [one, two] = await Promise.all([loadOrCreateSigningKey(), loadOrCreateSigningKey()]);
    expect(one.kid).not.toBe(two.kid);
    expect(one.n).not.toBe(two.n);
  });
});
