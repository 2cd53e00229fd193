import { createHmac, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RegoNumber, toJSON, type Value } from "../../src/value/index.js";
import { jwtVerifyBuiltins } from "../../src/builtins/jwtverify.js";
import { call, testContext, v, failureText } from "./call.js";

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64url");

function token(header: object, payload: object, signer: (data: string) => Buffer): string {
  const data = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
  return `${data}.${b64(signer(data))}`;
}

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const otherRsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
const p521 = generateKeyPairSync("ec", { namedCurve: "P-521" });
const ed = generateKeyPairSync("ed25519");

const decodeVerifyImpl = jwtVerifyBuiltins.find((d) => d.name === "io.jwt.decode_verify")!.impl;
const decodeVerifyAt = (ctx: ReturnType<typeof testContext>, t: string, constraints: unknown) =>
  decodeVerifyImpl([t, v(constraints)], ctx) as Value;

const pem = (k: KeyObject) => k.export({ format: "pem", type: "spki" }).toString();
const jwk = (k: KeyObject, extra: object = {}) => ({ ...k.export({ format: "jwk" }), ...extra });

const rs256 = (k: KeyObject) => (d: string) => sign("sha256", Buffer.from(d), k);
const es = (hash: string, k: KeyObject) => (d: string) =>
  sign(hash, Buffer.from(d), { key: k, dsaEncoding: "ieee-p1363" });
const hs256 = (secret: string) => (d: string) => createHmac("sha256", secret).update(d).digest();

describe("io.jwt.verify_*", () => {
  const rsToken = token({ alg: "RS256", typ: "JWT" }, { sub: "alice" }, rs256(rsa.privateKey));

  it("verifies with PEM public keys and JWKs", () => {
    expect(call("io.jwt.verify_rs256", rsToken, pem(rsa.publicKey))).toBe(true);
    expect(call("io.jwt.verify_rs256", rsToken, JSON.stringify(jwk(rsa.publicKey)))).toBe(true);
    expect(call("io.jwt.verify_rs256", rsToken, pem(otherRsa.publicKey))).toBe(false);
    // the builtin fixes the algorithm: an RS256 signature is not a valid PS256 one
    expect(call("io.jwt.verify_ps256", rsToken, pem(rsa.publicKey))).toBe(false);
  });

  it("picks the JWK named by kid, else keys whose alg agrees with the header", () => {
    const kidToken = token({ alg: "RS256", kid: "b" }, {}, rs256(rsa.privateKey));
    const set = (a: object, b: object) => JSON.stringify({ keys: [a, b] });
    expect(
      call(
        "io.jwt.verify_rs256",
        kidToken,
        set(jwk(otherRsa.publicKey, { kid: "a" }), jwk(rsa.publicKey, { kid: "b" })),
      ),
    ).toBe(true);
    expect(
      call(
        "io.jwt.verify_rs256",
        kidToken,
        set(jwk(rsa.publicKey, { kid: "a" }), jwk(otherRsa.publicKey, { kid: "b" })),
      ),
    ).toBe(false);
    expect(
      call(
        "io.jwt.verify_rs256",
        rsToken,
        set(jwk(rsa.publicKey, { alg: "PS256" }), jwk(otherRsa.publicKey)),
      ),
    ).toBe(false);
    expect(
      call(
        "io.jwt.verify_rs256",
        rsToken,
        set(jwk(rsa.publicKey, { alg: "RS256" }), jwk(otherRsa.publicKey)),
      ),
    ).toBe(true);
  });

  it("verifies ECDSA (r ‖ s, any curve size) and EdDSA signatures", () => {
    const es256 = token({ alg: "ES256" }, { a: 1 }, es("sha256", p256.privateKey));
    const es512 = token({ alg: "ES512" }, { a: 1 }, es("sha512", p521.privateKey));
    const eddsa = token({ alg: "EdDSA" }, { a: 1 }, (d) => sign(null, Buffer.from(d), ed.privateKey));
    expect(call("io.jwt.verify_es256", es256, pem(p256.publicKey))).toBe(true);
    expect(call("io.jwt.verify_es512", es512, JSON.stringify(jwk(p521.publicKey)))).toBe(true);
    expect(call("io.jwt.verify_es256", es512, pem(p521.publicKey))).toBe(false);
    expect(call("io.jwt.verify_eddsa", eddsa, pem(ed.publicKey))).toBe(true);
    expect(call("io.jwt.verify_eddsa", eddsa, pem(rsa.publicKey))).toBe(false);
  });

  it("does not verify with a private JWK (Go needs a public key type)", () => {
    expect(call("io.jwt.verify_rs256", rsToken, JSON.stringify(jwk(rsa.privateKey)))).toBe(false);
  });

  it("verifies HMAC signatures with the secret's UTF-8 bytes", () => {
    const t = token({ alg: "HS256" }, { a: 1 }, hs256("sëcret"));
    expect(call("io.jwt.verify_hs256", t, "sëcret")).toBe(true);
    expect(call("io.jwt.verify_hs256", t, "secret")).toBe(false);
    expect(call("io.jwt.verify_hs512", t, "sëcret")).toBe(false);
  });

  it("reports malformed tokens and keys as OPA does", () => {
    expect(failureText("io.jwt.verify_rs256", "a.b", pem(rsa.publicKey))).toBe(
      "eval_builtin_error: encoded JWT must have 3 sections, found 2",
    );
    expect(
      failureText("io.jwt.verify_rs256", rsToken, "-----BEGIN CERT-----\nAAAA\n-----END CERT-----\n"),
    ).toBe("eval_builtin_error: failed to extract a Key from the PEM certificate");
    expect(failureText("io.jwt.verify_rs256", rsToken, `${pem(rsa.publicKey)}\nxx`)).toBe(
      "eval_builtin_error: extra data after a PEM certificate block",
    );
    expect(failureText("io.jwt.verify_rs256", rsToken, "{not json")).toMatch(
      /^eval_builtin_error: failed to parse a JWK key \(set\): /,
    );
    expect(failureText("io.jwt.verify_hs256", RegoNumber.fromInt(1), "s")).toBe(
      "eval_type_error: operand 1 must be string but got number",
    );
  });
});

describe("io.jwt.decode_verify", () => {
  const now = 1_700_000_000;
  const decodeVerify = (t: string, constraints: unknown) => {
    const out = call("io.jwt.decode_verify", t, v(constraints));
    return toJSON(out as Value) as [boolean, unknown, unknown];
  };
  const hs = (payload: object, header: object = { alg: "HS256" }) => token(header, payload, hs256("k"));

  it("returns [true, header, payload] when the signature and all constraints hold", () => {
    const t = hs({ iss: "me", aud: ["you", "them"], exp: now + 60, nbf: now - 60 });
    expect(decodeVerify(t, { secret: "k", iss: "me", aud: "them", time: now * 1e9 })).toEqual([
      true,
      { alg: "HS256" },
      { aud: ["you", "them"], exp: now + 60, iss: "me", nbf: now - 60 },
    ]);
  });

  it("is [false, {}, {}] for a bad signature, a failed constraint or an invalid header", () => {
    const unverified = [false, {}, {}];
    expect(decodeVerify(hs({}), { secret: "wrong" })).toEqual(unverified);
    expect(decodeVerify(hs({ iss: "me" }), { secret: "k", iss: "other" })).toEqual(unverified);
    expect(decodeVerify(hs({ aud: "you" }), { secret: "k" })).toEqual(unverified);
    expect(decodeVerify(hs({}), { secret: "k", aud: "you" })).toEqual(unverified);
    expect(decodeVerify(hs({ exp: 100 }), { secret: "k", time: 100e9 })).toEqual(unverified);
    expect(decodeVerify(hs({ nbf: 200 }), { secret: "k", time: 100e9 })).toEqual(unverified);
    expect(decodeVerify(hs({}), { secret: "k", alg: "HS512" })).toEqual(unverified);
    expect(decodeVerify(hs({}, { alg: "HS256", crit: ["x"], x: 1 }), { secret: "k" })).toEqual(unverified);
    expect(decodeVerify(hs({}, { typ: "JWT" }), { secret: "k" })).toEqual(unverified);
  });

  it("uses the query's clock when no time is given", () => {
    const t = hs({ exp: now + 1 });
    const at = (seconds: number) => testContext({ nowNs: () => BigInt(seconds) * 1_000_000_000n });
    expect(toJSON(decodeVerifyAt(at(now), t, { secret: "k" }))).toEqual([
      true,
      { alg: "HS256" },
      { exp: now + 1 },
    ]);
    expect(toJSON(decodeVerifyAt(at(now + 1), t, { secret: "k" }))).toEqual([false, {}, {}]);
  });

  it("verifies nested tokens with the same constraints", () => {
    const inner = hs({ sub: "x" });
    const outer = token({ alg: "HS256", cty: "JWT" }, {}, hs256("k")).split(".");
    const nested = `${outer[0]}.${b64(inner)}`;
    const signed = `${nested}.${b64(hs256("k")(nested))}`;
    expect(decodeVerify(signed, { secret: "k" })).toEqual([true, { alg: "HS256" }, { sub: "x" }]);
  });

  it("accepts a private JWK and RSA certificates in cert", () => {
    const t = token({ alg: "RS256" }, { a: 1 }, rs256(rsa.privateKey));
    expect(decodeVerify(t, { cert: JSON.stringify(jwk(rsa.privateKey)) })[0]).toBe(true);
    expect(decodeVerify(t, { cert: pem(rsa.publicKey) })[0]).toBe(true);
  });

  it("rejects bad constraints", () => {
    const t = hs({});
    expect(failureText("io.jwt.decode_verify", t, v({}))).toBe("eval_builtin_error: no key constraint");
    expect(failureText("io.jwt.decode_verify", t, v({ secret: "k", cert: pem(rsa.publicKey) }))).toBe(
      "eval_builtin_error: duplicate key constraints",
    );
    expect(failureText("io.jwt.decode_verify", t, v({ secret: "k", foo: 1 }))).toBe(
      "eval_builtin_error: unknown token validation constraint: foo",
    );
    expect(failureText("io.jwt.decode_verify", hs({ exp: "soon" }), v({ secret: "k" }))).toBe(
      "eval_builtin_error: exp value must be a number",
    );
    expect(failureText("io.jwt.decode_verify", t, "x")).toBe(
      "eval_type_error: operand 2 must be object but got string",
    );
  });
});

describe("io.jwt.encode_sign(_raw)", () => {
  const key = { kty: "oct", k: b64("secret") };

  it("signs the header and payload as given, and verifies back", () => {
    const t = call("io.jwt.encode_sign_raw", '{"alg":"HS256"}', '{"a":1}', JSON.stringify(key)) as string;
    expect(t.split(".").slice(0, 2)).toEqual([b64('{"alg":"HS256"}'), b64('{"a":1}')]);
    expect(call("io.jwt.verify_hs256", t, "secret")).toBe(true);
    const rs = call("io.jwt.encode_sign", v({ alg: "RS256" }), v({ a: 1 }), v(jwk(rsa.privateKey))) as string;
    expect(call("io.jwt.verify_rs256", rs, pem(rsa.publicKey))).toBe(true);
    const es512 = call("io.jwt.encode_sign", v({ alg: "ES512" }), v({}), v(jwk(p521.privateKey))) as string;
    expect(Buffer.from(es512.split(".")[2]!, "base64url")).toHaveLength(132);
    expect(call("io.jwt.verify_es512", es512, pem(p521.publicKey))).toBe(true);
  });

  it("marshals objects as Go does: sorted keys, sets as arrays", () => {
    const t = call(
      "io.jwt.encode_sign",
      v({ typ: "JWT", alg: "HS256" }),
      v({ b: 1, a: [1] }),
      v(key),
    ) as string;
    const [h, p] = t.split(".");
    expect(Buffer.from(h!, "base64url").toString()).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(Buffer.from(p!, "base64url").toString()).toBe('{"a":[1],"b":1}');
  });

  it("reports header, payload and key errors", () => {
    const raw = (h: string, p: string, k = JSON.stringify(key)) =>
      failureText("io.jwt.encode_sign_raw", h, p, k);
    expect(raw("{}", "{}")).toBe(
      `eval_builtin_error: missing or invalid 'alg' header: jwsbb: header "alg" not found`,
    );
    expect(raw("", "{}")).toBe(
      "eval_builtin_error: missing or invalid 'alg' header: cannot parse JSON: cannot parse empty string",
    );
    expect(raw('{"alg":"none"}', "{}")).toBe("eval_builtin_error: unknown JWS algorithm: none");
    expect(raw('{"alg":"HS256"}', "nope")).toBe("eval_builtin_error: type is JWT but payload is not JSON");
    expect(
      call("io.jwt.encode_sign_raw", '{"alg":"HS256","typ":"text/plain"}', "nope", JSON.stringify(key)),
    ).toMatch(/^eyJ/);
    expect(raw('{"alg":"HS256"}', "{}", '{"keys":[]}')).toBe("eval_builtin_error: no keys found in JWK set");
    expect(raw('{"alg":"RS256"}', "{}")).toMatch(/^eval_builtin_error: invalid key for algorithm RS256/);
  });
});
