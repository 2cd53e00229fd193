import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toJSON } from "../../src/value/index.js";
import { call, failureText } from "./call.js";

const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
const ed = generateKeyPairSync("ed25519").privateKey;
const k1 = generateKeyPairSync("ec", { namedCurve: "secp256k1" }).privateKey;

const pkcs1 = rsa.export({ format: "pem", type: "pkcs1" }).toString();
const sec1 = ec.export({ format: "pem", type: "sec1" }).toString();
const pkcs8 = (k: typeof ed) => k.export({ format: "pem", type: "pkcs8" }).toString();
const int = (b64url: string | undefined) => BigInt(`0x${Buffer.from(b64url!, "base64url").toString("hex")}`);

describe("crypto.x509.parse_rsa_private_key", () => {
  it("returns the first private key as a JWK, from PEM or base64 of PEM", () => {
    expect(toJSON(call("crypto.x509.parse_rsa_private_key", pkcs1)!)).toEqual(rsa.export({ format: "jwk" }));
    const b64 = Buffer.from(sec1).toString("base64");
    expect(toJSON(call("crypto.x509.parse_rsa_private_key", b64)!)).toEqual(ec.export({ format: "jwk" }));
    expect(
      call("crypto.x509.parse_rsa_private_key", Buffer.from("no pem here").toString("base64")),
    ).toBeNull();
  });

  it("fails on empty or non-base64 input", () => {
    expect(failureText("crypto.x509.parse_rsa_private_key", "")).toBe(
      "eval_builtin_error: input PEM data was empty",
    );
    expect(failureText("crypto.x509.parse_rsa_private_key", "invalid")).toBe(
      "eval_builtin_error: illegal base64 data at input byte 4",
    );
  });
});

describe("crypto.parse_private_keys", () => {
  it("renders every private key block as Go's encoding/json renders the key structs", () => {
    const keys = toJSON(call("crypto.parse_private_keys", `${pkcs1}${sec1}${pkcs8(ed)}`)!) as unknown[];
    const r = rsa.export({ format: "jwk" });
    const e = ec.export({ format: "jwk" });
    const d = ed.export({ format: "jwk" });
    expect(keys).toEqual([
      {
        N: int(r.n),
        E: 65537,
        D: int(r.d),
        Primes: [int(r.p), int(r.q)],
        Precomputed: { Dp: int(r.dp), Dq: int(r.dq), Qinv: int(r.qi), CRTValues: [] },
      },
      { Curve: {}, X: int(e.x), Y: int(e.y), D: int(e.d) },
      Buffer.concat([Buffer.from(d.d!, "base64url"), Buffer.from(d.x!, "base64url")]).toString("base64"),
    ]);
  });

  it("is null for empty input, [] without key blocks, and rejects curves Go does not know", () => {
    expect(call("crypto.parse_private_keys", "")).toBeNull();
    expect(toJSON(call("crypto.parse_private_keys", "nope")!)).toEqual([]);
    expect(failureText("crypto.parse_private_keys", pkcs8(k1))).toBe(
      "eval_builtin_error: x509: unknown elliptic curve",
    );
  });
});
