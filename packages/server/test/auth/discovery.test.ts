import { afterEach, describe, expect, test } from "vitest";
import type { OidcVerifier } from "../../src/auth/index.js";
import { acceptedSigningAlgorithms, discoveryDocumentUrl, jwksFetchUrl } from "../../src/auth/discovery.js";
import { backoffDelay } from "../../src/auth/retry.js";
import { freePort, startDevIdp } from "./helpers/dev-idp-server.js";
import { devToken } from "./helpers/dev-token.js";
import { startFakeIssuer } from "./helpers/fake-issuer.js";
import { idTokenClaims, signedToken } from "./helpers/tokens.js";
import { expectRejected, newVerifier, startedVerifier, until } from "./helpers/verifier.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts a verifier and waits until its readiness problem contains `problem`. */
async function stuckVerifier(issuer: string, problem: string, discoveryUrl?: string): Promise<OidcVerifier> {
  const verifier = newVerifier(issuer, { discoveryUrl });
  cleanups.push(() => verifier.stop());
  verifier.start();
  await until(
    () => verifier.readiness().problem?.includes(problem) ?? false,
    () => `problem: ${verifier.readiness().problem}`,
  );
  expect(verifier.readiness().ready).toBe(false);
  return verifier;
}

describe("the discovered issuer", () => {
  test("must equal the configured issuer, also when discovery goes through a discovery URL", async () => {
    const idp = await startDevIdp();
    cleanups.push(() => idp.close());
    const configured = `http://localhost:${idp.port}/dev/idp`;
    const verifier = await stuckVerifier(configured, "names issuer", idp.issuer);
    const expected =
      `discovery document at ${idp.issuer}/.well-known/openid-configuration names issuer "${idp.issuer}", ` +
      `but the configured issuer (auth.oidc_issuer) is "${configured}"; they must match exactly`;
    expect(verifier.readiness().problem).toBe(expected);
    await expect(verifier.verify(await devToken(idp.origin, "alice@example.com"))).rejects.toMatchObject({
      code: "unavailable",
      detail: `identity provider not ready: ${expected}`,
    });
  });

  test("a discovery URL reaches the configured issuer by another address; tokens still need that issuer", async () => {
    const idp = await startDevIdp({ issuerHost: "localhost" });
    cleanups.push(() => idp.close());
    expect(idp.issuer).toBe(`http://localhost:${idp.port}/dev/idp`);
    const verifier = await startedVerifier(idp.issuer, {
      discoveryUrl: `http://127.0.0.1:${idp.port}/dev/idp`,
    });
    cleanups.push(() => verifier.stop());
    expect((await verifier.verify(await devToken(idp.origin, "bob@example.com"))).identity).toBe(
      "bob@example.com",
    );
  });
});

describe("accepted signing algorithms", () => {
  const fakeWith = async (algorithms: string[] | undefined) => {
    const fake = await startFakeIssuer((issuer) => ({
      issuer,
      jwks_uri: `${issuer}/jwks`,
      ...(algorithms && { id_token_signing_alg_values_supported: algorithms }),
    }));
    cleanups.push(() => fake.close());
    return fake;
  };

  test("are the ones discovery advertises: an RS256 token from an ES256-only issuer is refused", async () => {
    const fake = await fakeWith(["ES256"]);
    const verifier = await startedVerifier(fake.issuer);
    cleanups.push(() => verifier.stop());
    const token = await signedToken(idTokenClaims(fake.issuer), fake.key);
    await expectRejected(verifier, token, "token signing algorithm not accepted");
  });

  test.each([
    ["RS256 when discovery lists none", undefined],
    ["the listed ones", ["ES256", "RS256"]],
  ])("are %s", async (_, algorithms) => {
    const fake = await fakeWith(algorithms);
    const verifier = await startedVerifier(fake.issuer);
    cleanups.push(() => verifier.stop());
    const token = await signedToken(idTokenClaims(fake.issuer), fake.key);
    expect((await verifier.verify(token)).identity).toBe("alice@example.com");
  });

  test("never include none or HS*: an issuer offering only those never becomes ready", async () => {
    const fake = await fakeWith(["HS256", "none"]);
    const verifier = await stuckVerifier(fake.issuer, "no acceptable ID token signing algorithm");
    expect(verifier.readiness().problem).toBe(
      'the identity provider offers no acceptable ID token signing algorithm (it advertises HS256, none; "none" and HS* are never accepted)',
    );
  });

  test("filtering drops none and every HS* and keeps the rest in order", () => {
    expect(acceptedSigningAlgorithms(["HS256", "RS256", "none", "HS384", "ES256", "HS512", "PS256"])).toEqual(
      ["RS256", "ES256", "PS256"],
    );
  });
});

describe("discovery failures are reported for /readyz", () => {
  test("a document without jwks_uri", async () => {
    const fake = await startFakeIssuer((issuer) => ({ issuer }));
    cleanups.push(() => fake.close());
    const verifier = await stuckVerifier(fake.issuer, "is invalid");
    expect(verifier.readiness().problem).toMatch(
      new RegExp(
        `^discovery document at ${fake.issuer}/.well-known/openid-configuration is invalid \\(jwks_uri: `,
      ),
    );
  });

  test("an issuer URL that serves no discovery document", async () => {
    const fake = await startFakeIssuer((issuer) => ({ issuer, jwks_uri: `${issuer}/jwks` }));
    cleanups.push(() => fake.close());
    const wrongPath = `${fake.issuer}/realms/missing`;
    const verifier = await stuckVerifier(wrongPath, "answered HTTP 404");
    expect(verifier.readiness().problem).toBe(
      `${wrongPath}/.well-known/openid-configuration answered HTTP 404 (expected 200 with the discovery document)`,
    );
  });

  test("signing keys that cannot be fetched", async () => {
    const closedPort = await freePort();
    const fake = await startFakeIssuer((issuer) => ({
      issuer,
      jwks_uri: `http://127.0.0.1:${closedPort}/jwks`,
    }));
    cleanups.push(() => fake.close());
    const verifier = await stuckVerifier(fake.issuer, "cannot load signing keys");
    expect(verifier.readiness().problem).toMatch(
      new RegExp(`^cannot load signing keys from http://127.0.0.1:${closedPort}/jwks: .*ECONNREFUSED`),
    );
  });
});

describe("URLs", () => {
  test("the discovery document is under the issuer or discovery URL, which may also be given in full", () => {
    const documentUrl = "https://idp.example.com/realms/x/.well-known/openid-configuration";
    expect(discoveryDocumentUrl("https://idp.example.com/realms/x").href).toBe(documentUrl);
    expect(discoveryDocumentUrl("https://idp.example.com/realms/x/").href).toBe(documentUrl);
    expect(discoveryDocumentUrl(documentUrl).href).toBe(documentUrl);
  });

  test("a jwks_uri on the issuer's origin is fetched through a discovery URL on another origin", () => {
    const target = { issuer: "https://idp.example.com/dex", discoveryUrl: "http://dex:5556/dex" };
    expect(jwksFetchUrl("https://idp.example.com/dex/keys?v=1", target).href).toBe(
      "http://dex:5556/dex/keys?v=1",
    );
  });

  test.each([
    ["there is no discovery URL", { issuer: "https://idp.example.com" }, "https://idp.example.com/keys"],
    [
      "the discovery URL is on the issuer's origin",
      { issuer: "https://idp.example.com/a", discoveryUrl: "https://idp.example.com/b" },
      "https://idp.example.com/keys",
    ],
  ])("a jwks_uri is used as it is when %s", (_, target, expected) => {
    expect(jwksFetchUrl("https://idp.example.com/keys", target).href).toBe(expected);
  });

  test("a jwks_uri on a third origin is used as it is", () => {
    const target = { issuer: "https://idp.example.com", discoveryUrl: "http://idp-internal:8080" };
    expect(jwksFetchUrl("https://keys.example.net/jwks", target).href).toBe("https://keys.example.net/jwks");
  });

  test("a jwks_uri that is not an http(s) URL is a discovery error", () => {
    expect(() => jwksFetchUrl("file:///etc/keys.json", { issuer: "https://idp.example.com" })).toThrow(
      'discovery document\'s jwks_uri "file:///etc/keys.json" is not an http(s) URL',
    );
  });
});

test("discovery retries back off exponentially up to the cap", () => {
  const policy = { initialDelayMs: 500, maxDelayMs: 30_000 };
  expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map((failures) => backoffDelay(failures, policy))).toEqual([
    500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
  ]);
});
