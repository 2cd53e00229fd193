import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT, UnsecuredJWT } from "jose";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { OidcVerifier } from "../../src/auth/index.js";
import { devToken } from "./helpers/dev-token.js";
import { freePort, type RunningDevIdp, startDevIdp } from "./helpers/dev-idp-server.js";
import {
  foreignKey,
  type IssuerKey,
  idTokenClaims,
  issuerKeyIn,
  nowSeconds,
  signedToken,
} from "./helpers/tokens.js";
import { expectRejected, newVerifier, startedVerifier, until } from "./helpers/verifier.js";

let dataDir: string;
let idp: RunningDevIdp;
let issuerKey: IssuerKey;
let verifier: OidcVerifier;
const stopped: OidcVerifier[] = [];

/** A verifier on the shared issuer, stopped after the suite. */
async function verifierWith(overrides: Parameters<typeof startedVerifier>[1]) {
  const started = await startedVerifier(idp.issuer, overrides);
  stopped.push(started);
  return started;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "jitsudo-auth-"));
  idp = await startDevIdp({ dataDir });
  issuerKey = await issuerKeyIn(dataDir);
  verifier = await verifierWith({});
});

afterAll(async () => {
  for (const started of stopped) started.stop();
  await idp.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("a valid ID token", () => {
  test("yields the caller it identifies: email, subject and groups", async () => {
    const caller = await verifier.verify(await devToken(idp.origin, "bob@example.com"));
    expect(caller).toEqual({
      identity: "bob@example.com",
      subject: "bob",
      groups: ["sre", "sre-leads"],
      admin: false,
      auditor: false,
    });
  });

  test("of a member of the admin group makes an admin", async () => {
    const caller = await verifier.verify(await devToken(idp.origin, "charlie@example.com"));
    expect(caller).toMatchObject({ identity: "charlie@example.com", admin: true, auditor: false });
  });

  test("of an email in adminEmails makes an admin, compared case-insensitively", async () => {
    const withAdminEmail = await verifierWith({ adminEmails: ["ALICE@Example.COM"] });
    expect(await withAdminEmail.verify(await devToken(idp.origin, "alice@example.com"))).toMatchObject({
      groups: ["sre"],
      admin: true,
    });
    expect(await withAdminEmail.verify(await devToken(idp.origin, "bob@example.com"))).toMatchObject({
      admin: false,
    });
  });

  test("of a member of the auditor group makes an auditor", async () => {
    const leadsAudit = await verifierWith({ auditorGroup: "sre-leads" });
    expect(await leadsAudit.verify(await devToken(idp.origin, "bob@example.com"))).toMatchObject({
      auditor: true,
      admin: false,
    });
    expect(await leadsAudit.verify(await devToken(idp.origin, "alice@example.com"))).toMatchObject({
      auditor: false,
    });
  });

  test("signed here with the issuer's key passes too (the attack tokens below differ from it in one way each)", async () => {
    const caller = await verifier.verify(await signedToken(idTokenClaims(idp.issuer), issuerKey));
    expect(caller.identity).toBe("alice@example.com");
  });

  test("for any of the configured audiences passes", async () => {
    const twoClients = await verifierWith({ audiences: ["jitsudo-cli", "jitsudo-web"] });
    const forWeb = await signedToken(idTokenClaims(idp.issuer, { aud: "jitsudo-web" }), issuerKey);
    expect((await twoClients.verify(forWeb)).identity).toBe("alice@example.com");
    await expectRejected(verifier, forWeb, "token audience not accepted");
  });

  test("for several audiences passes when its authorized party (azp) is one of ours", async () => {
    const claims = idTokenClaims(idp.issuer, { aud: ["jitsudo-cli", "other-app"], azp: "jitsudo-cli" });
    expect((await verifier.verify(await signedToken(claims, issuerKey))).identity).toBe("alice@example.com");
  });

  test("that expired less than the clock tolerance ago still passes", async () => {
    const claims = idTokenClaims(idp.issuer, { iat: nowSeconds() - 600, exp: nowSeconds() - 10 });
    expect((await verifier.verify(await signedToken(claims, issuerKey))).identity).toBe("alice@example.com");
  });
});

describe("groups", () => {
  const callerWith = async (claims: Record<string, unknown>, overrides = {}) => {
    const chosen = Object.keys(overrides).length ? await verifierWith(overrides) : verifier;
    return chosen.verify(await signedToken(idTokenClaims(idp.issuer, claims), issuerKey));
  };

  test("are read from the configured claim", async () => {
    const caller = await callerWith(
      { roles: ["jitsudo-admins"], groups: undefined },
      { groupsClaim: "roles" },
    );
    expect(caller).toMatchObject({ groups: ["jitsudo-admins"], admin: true });
  });

  test.each([
    ["absent", undefined],
    ["a string", "jitsudo-admins"],
    ["null", null],
    ["an array with a non-string", ["jitsudo-admins", 7]],
    ["an object", { 0: "jitsudo-admins" }],
  ])("are [] when the claim is %s", async (_, groups) => {
    expect(await callerWith({ groups })).toMatchObject({ groups: [], admin: false });
  });
});

describe("rejected tokens (401, saying what is wrong)", () => {
  const claims = (overrides: Record<string, unknown>) => idTokenClaims(idp.issuer, overrides);
  const signed = (overrides: Record<string, unknown>) => signedToken(claims(overrides), issuerKey);

  test("alg: none", async () => {
    const unsigned = new UnsecuredJWT(claims({})).encode();
    await expectRejected(verifier, unsigned, "token signing algorithm not accepted");
  });

  test("HS256 signed with the issuer's RSA public key as the HMAC secret", async () => {
    const secret = new TextEncoder().encode(issuerKey.publicKeyPem);
    const confused = await new SignJWT(claims({}))
      .setProtectedHeader({ alg: "HS256", kid: issuerKey.kid })
      .sign(secret);
    await expectRejected(verifier, confused, "token signing algorithm not accepted");
  });

  test.each([
    ["wrong iss", { iss: "http://127.0.0.1:1/dev/idp" }, "token issuer not accepted"],
    ["wrong aud", { aud: "someone-else" }, "token audience not accepted"],
    ["expired", { iat: nowSeconds() - 3600, exp: nowSeconds() - 120 }, "token expired"],
    ["nbf in the future", { nbf: nowSeconds() + 300 }, "token not valid yet (nbf is in the future)"],
    [
      "iat in the future",
      { iat: nowSeconds() + 300, exp: nowSeconds() + 900 },
      "token issued in the future (check the clocks of this server and the identity provider)",
    ],
    ["no exp", { exp: undefined }, "token has no exp claim"],
    ["no iat", { iat: undefined }, "token has no iat claim"],
    ["no sub", { sub: undefined }, "token has no sub claim"],
    ["an empty sub", { sub: "" }, "token has no subject (sub) claim"],
    ["no email", { email: undefined }, "token has no email claim"],
    ["a non-string email", { email: ["alice@example.com"] }, "token email claim is not a string"],
    ["an empty email", { email: "" }, "token email claim is empty"],
    ["email_verified: false", { email_verified: false }, "token email is not verified"],
    ['email_verified: "true" (a string)', { email_verified: "true" }, "token email is not verified"],
    [
      '"|" in the email',
      { email: "alice|admin@example.com" },
      'token email contains "|" or a control character',
    ],
    [
      "a newline in the email",
      { email: "alice@example.com\nadmin" },
      'token email contains "|" or a control character',
    ],
    [
      "an email over 320 characters",
      { email: `${"a".repeat(309)}@example.com` },
      "token email is longer than 320 characters",
    ],
    [
      "several audiences and no azp",
      { aud: ["jitsudo-cli", "other-app"] },
      "token has several audiences but no authorized party (azp) claim",
    ],
    ["an azp that is not ours", { azp: "other-app" }, "token authorized party (azp) not accepted"],
  ])("%s", async (_, overrides, detail) => {
    await expectRejected(verifier, await signed(overrides), detail);
  });

  test("an email of exactly 320 characters is accepted (the limit is not off by one)", async () => {
    const email = `${"a".repeat(308)}@example.com`;
    expect(email).toHaveLength(320);
    expect((await verifier.verify(await signed({ email }))).identity).toBe(email);
  });

  test("a typ header of another kind of token (an access token)", async () => {
    const accessToken = await signedToken(claims({}), issuerKey, { typ: "at+jwt" });
    await expectRejected(verifier, accessToken, "token is not an ID token (unexpected typ header)");
  });

  test("a payload changed after signing", async () => {
    const [header, , signature] = (await signed({})).split(".");
    const forged = Buffer.from(JSON.stringify(claims({ email: "charlie@example.com" }))).toString(
      "base64url",
    );
    await expectRejected(verifier, `${header}.${forged}.${signature}`, "token signature invalid");
  });

  test("signed with a foreign key under the issuer's kid", async () => {
    const impostor = await signedToken(claims({}), { ...foreignKey(), kid: issuerKey.kid });
    await expectRejected(verifier, impostor, "token signature invalid");
  });

  test("signed with a foreign key under an unknown kid", async () => {
    await expectRejected(
      verifier,
      await signedToken(claims({}), foreignKey()),
      "token signing key not recognised",
    );
  });

  test.each([["not a JWT"], ["a.b.c"], [""]])("%j", async (garbage) => {
    await expectRejected(verifier, garbage, "token malformed (expected a signed JWT)");
  });
});

describe("signing keys", () => {
  test("an unknown kid refetches the JWKS, at most once per cooldown", async () => {
    const strict = await verifierWith({ jwksRefreshCooldownMs: 60_000 });
    const eager = await verifierWith({ jwksRefreshCooldownMs: 0 });
    const before = idp.jwksFetches();
    for (let i = 0; i < 3; i++) {
      await expectRejected(
        strict,
        await signedToken(idTokenClaims(idp.issuer), foreignKey()),
        "token signing key not recognised",
      );
    }
    expect(idp.jwksFetches()).toBe(before);
    for (let i = 0; i < 3; i++) {
      await expectRejected(
        eager,
        await signedToken(idTokenClaims(idp.issuer), foreignKey()),
        "token signing key not recognised",
      );
    }
    expect(idp.jwksFetches()).toBe(before + 3);
  });

  test("after a key rotation at the issuer, tokens with the new kid verify and the removed key is no longer trusted", async () => {
    const rotatingDir = await mkdtemp(join(tmpdir(), "jitsudo-rotation-"));
    let rotating = await startDevIdp({ dataDir: rotatingDir });
    try {
      const rotated = await verifierWith({ jwksRefreshCooldownMs: 0 });
      const watcher = await startedVerifier(rotating.issuer, { jwksRefreshCooldownMs: 0 });
      stopped.push(watcher, rotated);
      const oldToken = await devToken(rotating.origin, "alice@example.com");
      expect((await watcher.verify(oldToken)).identity).toBe("alice@example.com");
      const oldKid = (await issuerKeyIn(rotatingDir)).kid;

      await rotating.close();
      await rm(join(rotatingDir, "dev-idp-signing-key.json"));
      rotating = await startDevIdp({ dataDir: rotatingDir, port: rotating.port });
      const newKid = (await issuerKeyIn(rotatingDir)).kid;
      expect(newKid).not.toBe(oldKid);

      const fetchesBefore = rotating.jwksFetches();
      const newToken = await devToken(rotating.origin, "bob@example.com");
      expect((await watcher.verify(newToken)).identity).toBe("bob@example.com");
      expect(rotating.jwksFetches()).toBeGreaterThan(fetchesBefore);
      await expectRejected(watcher, oldToken, "token signing key not recognised");
    } finally {
      await rotating.close();
      await rm(rotatingDir, { recursive: true, force: true });
    }
  });
});

describe("readiness", () => {
  test("a verifier that was never started is not ready and answers 503", async () => {
    const idle = newVerifier(idp.issuer);
    expect(idle.readiness()).toEqual({ ready: false, problem: "discovery not started" });
    await expect(idle.verify("x")).rejects.toMatchObject({
      code: "unavailable",
      status: 503,
      detail: "identity provider not ready: discovery not started",
    });
  });

  test("503 until the issuer comes up, then ready once discovery succeeds in the background", async () => {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}/dev/idp`;
    const early = newVerifier(issuer);
    stopped.push(early);
    early.start();
    const documentUrl = `${issuer}/.well-known/openid-configuration`;
    await until(
      () => early.readiness().problem?.startsWith(`cannot reach ${documentUrl}: `) ?? false,
      () => `problem: ${early.readiness().problem}`,
    );
    expect(early.readiness().ready).toBe(false);
    await expect(early.verify("x")).rejects.toMatchObject({
      code: "unavailable",
      detail: expect.stringMatching(
        new RegExp(`^identity provider not ready: cannot reach ${documentUrl}: .*ECONNREFUSED`),
      ),
    });

    const late = await startDevIdp({ port });
    try {
      await until(
        () => early.readiness().ready,
        () => `still: ${early.readiness().problem}`,
      );
      expect(early.readiness()).toEqual({ ready: true });
      expect((await early.verify(await devToken(late.origin, "alice@example.com"))).identity).toBe(
        "alice@example.com",
      );
    } finally {
      await late.close();
    }
  });
});

describe("logs", () => {
  const capturingLog = () => {
    const lines: string[] = [];
    return { lines, log: pino({ level: "debug" }, { write: (line: string) => lines.push(line) }) };
  };

  test("name discovery problems and readiness, and never contain a token", async () => {
    const { lines, log } = capturingLog();
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}/dev/idp`;
    const logged = newVerifier(issuer, { log });
    stopped.push(logged);
    logged.start();
    await until(
      () => lines.length > 0,
      () => "nothing logged",
    );
    const late = await startDevIdp({ port });
    try {
      await until(
        () => logged.readiness().ready,
        () => `still: ${logged.readiness().problem}`,
      );
      const tokens = [
        await devToken(late.origin, "alice@example.com"),
        await signedToken(idTokenClaims(issuer), foreignKey()),
        new UnsecuredJWT(idTokenClaims(issuer)).encode(),
      ];
      for (const token of tokens) await logged.verify(token).catch(() => undefined);
      const output = lines.join("");
      expect(output).toContain('"msg":"identity provider not ready"');
      expect(output).toContain("ECONNREFUSED");
      expect(output).toContain('"msg":"identity provider ready"');
      for (const token of tokens) {
        for (const segment of token.split(".").filter((part) => part.length > 8))
          expect(output).not.toContain(segment);
      }
    } finally {
      await late.close();
    }
  });

  test("stop() ends the retries", async () => {
    const { lines, log } = capturingLog();
    const retrying = newVerifier(`http://127.0.0.1:${await freePort()}/dev/idp`, { log });
    retrying.start();
    await until(
      () => lines.length >= 2,
      () => `${lines.length} attempts logged`,
    );
    retrying.stop();
    const attempts = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(lines.length).toBe(attempts);
    expect(retrying.readiness()).toEqual({
      ready: false,
      problem: "verifier stopped before discovery succeeded",
    });
  });
});
