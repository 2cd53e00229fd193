// crypto.* digests and HMACs over the UTF-8 bytes of strings, as lowercase hex.

import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Value } from "../value/index.js";
import { stringOperand } from "./operands.js";
import type { BuiltinDef } from "./registry.js";

function digest(algorithm: string): BuiltinDef["impl"] {
  return ([x]) => createHash(algorithm).update(stringOperand(x!, 1), "utf8").digest("hex");
}

/** crypto.hmac.<alg>(message, key). */
function hmac(algorithm: string): BuiltinDef["impl"] {
  return ([message, key]) => {
    const m = stringOperand(message!, 1);
    const k = stringOperand(key!, 2);
    return createHmac(algorithm, Buffer.from(k, "utf8")).update(m, "utf8").digest("hex");
  };
}

/** crypto.hmac.equal: constant-time comparison of the two strings' bytes. */
function hmacEqual(a: Value, b: Value): boolean {
  const x = Buffer.from(stringOperand(a, 1), "utf8");
  const y = Buffer.from(stringOperand(b, 2), "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

export const cryptoBuiltins: BuiltinDef[] = [
  { name: "crypto.md5", arity: 1, impl: digest("md5") },
  { name: "crypto.sha1", arity: 1, impl: digest("sha1") },
  { name: "crypto.sha256", arity: 1, impl: digest("sha256") },
  { name: "crypto.hmac.md5", arity: 2, impl: hmac("md5") },
  { name: "crypto.hmac.sha1", arity: 2, impl: hmac("sha1") },
  { name: "crypto.hmac.sha256", arity: 2, impl: hmac("sha256") },
  { name: "crypto.hmac.sha512", arity: 2, impl: hmac("sha512") },
  { name: "crypto.hmac.equal", arity: 2, impl: ([a, b]) => hmacEqual(a!, b!) },
];
