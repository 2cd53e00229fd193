// io.jwt.verify_{hs,rs,ps,es}{256,384,512}, io.jwt.verify_eddsa and io.jwt.decode_verify, with
// OPA's choice of key (the JWK whose "kid" the header names, else any key whose "alg" agrees),
// its header checks (alg required, unknown critical parameters rejected) and its claim checks.

import { createSecretKey } from "node:crypto";
import { compareValues, formatValue, RegoNumber, RegoObject, type Value } from "../value/index.js";
import { type JwtKey, verificationKeys } from "./jwk.js";
import { type VerifyOptions, verifyJws } from "./jws.js";
import { type CompactToken, decodeHeader, decodeSection, jsonObject, splitToken } from "./jwt.js";
import { builtinError, objectOperand, stringOperand } from "./operands.js";
import type { BuiltinContext, BuiltinDef } from "./registry.js";

const utf8 = new TextDecoder("utf-8");

const signingInput = (t: CompactToken) => Buffer.from(`${t.header}.${t.payload}`, "utf8");

/** The JOSE header fields OPA interprets, validated as OPA validates them. */
interface TokenHeader {
  alg: string;
  kid: string;
  cty: string;
  critical: Set<string>;
  unknown: string[];
}

const KNOWN_HEADERS = new Set(["alg", "kid", "typ", "cty", "crit"]);

function tokenHeader(header: RegoObject): TokenHeader {
  const h: TokenHeader = { alg: "", kid: "", cty: "", critical: new Set(), unknown: [] };
  for (const [k, v] of header) {
    const name = typeof k === "string" ? k : formatValue(k);
    if (!KNOWN_HEADERS.has(name)) {
      h.unknown.push(name);
      continue;
    }
    if (name === "crit") {
      if (!Array.isArray(v)) throw builtinError("crit: must be a list");
      for (const c of v) if (typeof c === "string") h.critical.add(c);
      if (h.critical.size === 0) throw builtinError("crit: must be a nonempty list");
      continue;
    }
    if (typeof v !== "string") throw builtinError(`${name}: must be a string`);
    if (name === "alg") h.alg = v;
    else if (name === "kid") h.kid = v;
    else if (name === "cty") h.cty = v;
  }
  return h;
}

/** RFC 7515: "alg" is required, and a critical parameter must be understood. */
const validHeader = (h: TokenHeader) => h.alg !== "" && !h.unknown.some((u) => h.critical.has(u));

/**
 * Whether a key verifies the token under `alg`: only the key the header's "kid" names when there
 * is one, else any key without an "alg" of its own or with the header's.
 */
function verifiedByAny(
  keys: readonly JwtKey[],
  header: TokenHeader,
  alg: string,
  token: CompactToken,
  signature: Uint8Array,
  options: VerifyOptions,
): boolean {
  const data = signingInput(token);
  const byKid = header.kid === "" ? undefined : keys.find((k) => k.kid === header.kid);
  if (byKid) return verifyJws(alg, byKid.key, data, signature, options);
  return keys.some(
    (k) => (k.alg === "" || k.alg === header.alg) && verifyJws(alg, k.key, data, signature, options),
  );
}

const OPA_VERIFY: VerifyOptions = { privateKeys: false, fixedSizeEcdsa: false };
const JWX_VERIFY: VerifyOptions = { privateKeys: true, fixedSizeEcdsa: true };

/** io.jwt.verify_<alg>(token, certificate) for the asymmetric algorithms, fixed by the builtin. */
function verifyWithCertificate(alg: string): BuiltinDef["impl"] {
  return ([t, cert]) => {
    const token = splitToken(t!);
    const keys = verificationKeys(stringOperand(cert!, 2));
    const signature = decodeSection(token.signature);
    const header = tokenHeader(decodeHeader(token));
    return verifiedByAny(keys, header, alg, token, signature, OPA_VERIFY);
  };
}

/** io.jwt.verify_hs<bits>(token, secret): the header is not even decoded. */
function verifyWithSecret(alg: string): BuiltinDef["impl"] {
  return ([t, s]) => {
    const jwt = stringOperand(t!, 1);
    const secret = createSecretKey(Buffer.from(stringOperand(s!, 2), "utf8"));
    const token = splitToken(jwt);
    return verifyJws(alg, secret, signingInput(token), decodeSection(token.signature), OPA_VERIFY);
  };
}

// ---- io.jwt.decode_verify ----

interface Constraints {
  keys: JwtKey[] | undefined;
  secret: string;
  alg: string;
  iss: string;
  aud: string;
  /** Nanoseconds since the epoch, as a float64. */
  time: number;
}

function stringConstraint(name: string, v: Value): string {
  if (typeof v !== "string") throw builtinError(`${name} constraint: must be a string`);
  return v;
}

function timeOf(v: Value): number {
  if (!(v instanceof RegoNumber)) throw builtinError("token time constraint: must be a number");
  const t = v.toNumber();
  if (t < 0) throw builtinError("token time constraint: must not be negative");
  return t;
}

function parseConstraints(o: RegoObject, ctx: BuiltinContext): Constraints {
  const c: Constraints = { keys: undefined, secret: "", alg: "", iss: "", aud: "", time: -1 };
  for (const [k, v] of o) {
    switch (k) {
      case "cert":
        c.keys = verificationKeys(stringConstraint("cert", v));
        break;
      case "secret":
      case "alg":
      case "iss":
      case "aud":
        c[k] = stringConstraint(k, v);
        break;
      case "time":
        c.time = timeOf(v);
        break;
      default:
        throw builtinError(
          `unknown token validation constraint: ${typeof k === "string" ? k : formatValue(k)}`,
        );
    }
  }
  if (c.time === -1) c.time = Number(ctx.nowNs());
  const keyConstraints = (c.keys ? 1 : 0) + (c.secret !== "" ? 1 : 0);
  if (keyConstraints > 1) throw builtinError("duplicate key constraints");
  if (keyConstraints < 1) throw builtinError("no key constraint");
  return c;
}

function signatureVerified(
  c: Constraints,
  header: TokenHeader,
  token: CompactToken,
  signature: Uint8Array,
): boolean {
  if (c.keys) return verifiedByAny(c.keys, header, header.alg, token, signature, JWX_VERIFY);
  const secret = createSecretKey(Buffer.from(c.secret, "utf8"));
  return verifyJws(header.alg, secret, signingInput(token), signature, JWX_VERIFY);
}

/** A claim's value must be one of the audience constraint (a string, or an array holding it). */
function audienceMatches(aud: Value, wanted: string): boolean {
  if (typeof aud === "string") return aud === wanted;
  return Array.isArray(aud) && aud.some((a) => a === wanted);
}

function timeClaim(payload: RegoObject, name: string): RegoNumber | undefined {
  const v = payload.get(name);
  if (v === undefined) return undefined;
  if (!(v instanceof RegoNumber)) throw builtinError(`${name} value must be a number`);
  return v;
}

/** The registered claims checked against the constraints and the clock. */
function claimsValid(payload: RegoObject, c: Constraints): boolean {
  if (c.iss !== "" && payload.get("iss") !== c.iss) return false;
  const aud = payload.get("aud");
  if (aud !== undefined ? !audienceMatches(aud, c.aud) : c.aud !== "") return false;
  // float64 seconds, compared exactly with the claims (as OPA compares numbers)
  const now = RegoNumber.fromFloat(c.time / 1e9);
  const exp = timeClaim(payload, "exp");
  if (exp !== undefined && compareValues(now, exp) >= 0) return false;
  const nbf = timeClaim(payload, "nbf");
  if (nbf !== undefined && compareValues(now, nbf) < 0) return false;
  return true;
}

const UNVERIFIED: Value = [false, new RegoObject(), new RegoObject()];

function decodeVerify(t: Value, o: Value, ctx: BuiltinContext): Value {
  const c = parseConstraints(objectOperand(o, 2), ctx);
  let token = splitToken(t);
  for (;;) {
    const rawHeader = decodeHeader(token);
    const header = tokenHeader(rawHeader);
    if (!validHeader(header) || (c.alg !== "" && c.alg !== header.alg)) return UNVERIFIED;
    const signature = decodeSection(token.signature);
    if (!signatureVerified(c, header, token, signature)) return UNVERIFIED;
    const payloadBytes = decodeSection(token.payload, "JWT payload had invalid encoding: ");
    if (header.cty.toLowerCase() === "jwt") {
      token = splitToken(utf8.decode(payloadBytes)); // a nested token, verified the same way
      continue;
    }
    const payload = jsonObject(payloadBytes, "");
    return claimsValid(payload, c) ? [true, rawHeader, payload] : UNVERIFIED;
  }
}

const asymmetric = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

export const jwtVerifyBuiltins: BuiltinDef[] = [
  ...asymmetric.map(
    (alg): BuiltinDef => ({
      name: `io.jwt.verify_${alg.toLowerCase()}`,
      arity: 2,
      impl: verifyWithCertificate(alg),
    }),
  ),
  { name: "io.jwt.verify_eddsa", arity: 2, impl: verifyWithCertificate("EdDSA") },
  ...["HS256", "HS384", "HS512"].map(
    (alg): BuiltinDef => ({
      name: `io.jwt.verify_${alg.toLowerCase()}`,
      arity: 2,
      impl: verifyWithSecret(alg),
    }),
  ),
  { name: "io.jwt.decode_verify", arity: 2, impl: ([t, o], ctx) => decodeVerify(t!, o!, ctx) },
];
