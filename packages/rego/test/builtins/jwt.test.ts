import { describe, expect, it } from "vitest";
import { jwtBuiltins } from "../../src/builtins/jwt.js";
import { RegoNumber, type Value } from "../../src/value/index.js";
import { failureText, plain, testContext } from "./call.js";

const ctx = testContext();

const failure = (token: Value) => failureText("io.jwt.decode", token);

function decode(token: Value): unknown {
  const out = jwtBuiltins[0]!.impl([token], ctx);
  return out === undefined ? undefined : plain(out);
}

const b64 = (s: string) => Buffer.from(s).toString("base64url");
const token = (header: string, payload: string, sig = "XmVoLoHI3pxMtMO_WRONMSJzGUDP9pDjy8Jp0_tdRXY") =>
  `${b64(header)}.${b64(payload)}.${sig}`;

const SIMPLE =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwIiwiaXNzIjoib3BhIn0.XmVoLoHI3pxMtMO_WRONMSJzGUDP9pDjy8Jp0_tdRXY";
const SIMPLE_DECODED = [
  { alg: "HS256", typ: "JWT" },
  { iss: "opa", sub: "0" },
  "5e65682e81c8de9c4cb4c3bf59138d3122731940cff690e3cbc269d3fb5d4576",
];

describe("io.jwt.decode", () => {
  it("returns header, payload and the signature as hex", () => {
    expect(decode(SIMPLE)).toEqual(SIMPLE_DECODED);
  });

  it("keeps claim values exact and the last of duplicate keys", () => {
    const t = token('{"alg":"HS256"}', '{"iss":"a","iss":"opa","exp":12345678901234567890,"cba":[10,"10"]}');
    expect(decode(t)).toEqual([
      { alg: "HS256" },
      { cba: [10n, "10"], exp: 12345678901234567890n, iss: "opa" },
      "5e65682e81c8de9c4cb4c3bf59138d3122731940cff690e3cbc269d3fb5d4576",
    ]);
  });

  it("decodes nested tokens (cty JWT), quoted as jwt.io does", () => {
    const nested = `${b64('{"alg":"HS256","typ":"JWT","cty":"JWT"}')}.${b64(`"${SIMPLE}"`)}.8W0qx4mLxslmZl7wEMUWBxH7tST3XsEuWXxesXqFnRI`;
    expect(decode(nested)).toEqual(SIMPLE_DECODED);
  });

  it("reports structural errors as OPA words them", () => {
    expect(failure("abc")).toBe("eval_builtin_error: encoded JWT had no period separators");
    expect(failure("a.b")).toBe("eval_builtin_error: encoded JWT must have 3 sections, found 2");
    expect(failure("eyJhbGciOiJIU^%zI1NiI+sInR5cCI6IkpXVCJ9.eyJzdWIiOiIwIn0.XmVo")).toBe(
      "eval_builtin_error: JWT header had invalid encoding: illegal base64 data at input byte 13",
    );
    expect(failure(token('{"alg":"HS256"}', "{}", "XmVoLoHI3pxMtMO(_WRONM"))).toBe(
      "eval_builtin_error: JWT signature had invalid encoding: illegal base64 data at input byte 15",
    );
    expect(failure(token('{"alg":"HS256","enc":"A128GCM"}', "{}"))).toBe(
      "eval_builtin_error: JWT is a JWE object, which is not supported",
    );
    expect(failure(token("[1]", "{}"))).toBe(
      "eval_builtin_error: bad JWT header: decoded JSON type was not an Object",
    );
    expect(failure(token('{"alg":"HS256"}', "{"))).toBe("eval_builtin_error: invalid JSON: unexpected EOF");
    expect(failure(RegoNumber.fromInt(1))).toBe("eval_type_error: operand 1 must be string but got number");
  });
});
