import { describe, expect, it } from "vitest";
import { cryptoBuiltins } from "../../src/builtins/crypto.js";
import { BuiltinError } from "../../src/builtins/registry.js";
import { RegoNumber, type Value } from "../../src/value/index.js";
import { testContext } from "./call.js";

const ctx = testContext();

function call(name: string, ...args: Value[]): Value | undefined {
  const def = cryptoBuiltins.find((d) => d.name === name);
  if (!def) throw new Error(`no builtin ${name}`);
  return def.impl(args, ctx);
}

describe("crypto digests", () => {
  it("hashes the UTF-8 bytes of a string to lowercase hex", () => {
    expect(call("crypto.md5", "lorem ipsum")).toBe("80a751fde577028640c419000e33eba6");
    expect(call("crypto.sha1", "lorem ipsum")).toBe("bfb7759a67daeb65410490b4d98bb9da7d1ea2ce");
    expect(call("crypto.sha256", "lorem ipsum")).toBe(
      "5e2bf57d3f40c4b6df69daf1936cb766f832374b4fc0259a7cbff06e2f70f269",
    );
  });

  it("raises a type error for non-strings", () => {
    expect(() => call("crypto.sha256", RegoNumber.fromInt(1))).toThrow(BuiltinError);
  });
});

describe("crypto.hmac", () => {
  it("computes HMACs as (message, key)", () => {
    expect(call("crypto.hmac.md5", "foo", "bar")).toBe("31b6db9e5eb4addb42f1a6ca07367adc");
    expect(call("crypto.hmac.sha1", "foo", "bar")).toBe("85d155c55ed286a300bd1cf124de08d87e914f3a");
    expect(call("crypto.hmac.sha256", "foo", "bar")).toBe(
      "147933218aaabc0b8b10a2b3a5c34684c8d94341bcf10a4736dc7270f7741851",
    );
    expect(call("crypto.hmac.sha512", "åäöçß\u{1F972}♙Ω", "秘密の")).toBe(
      "192f5afded233d6e21427aa26ed267ac118cfa2971013d91cbed530c0b208d78138b83dfe1d6cc3553d7bd518f22a481402c723028e1279d1ffbe8f11ea6b125",
    );
  });

  it("compares MACs in constant time, unequal lengths included", () => {
    expect(call("crypto.hmac.equal", "31b6db9e5eb4addb", "31b6db9e5eb4addb")).toBe(true);
    expect(call("crypto.hmac.equal", "31b6db9e5eb4addb42f1a6ca07367adc", "31b6db9e5eb4addb")).toBe(false);
    expect(call("crypto.hmac.equal", "a", "b")).toBe(false);
  });

  it("names the operand at fault", () => {
    try {
      call("crypto.hmac.sha256", "foo", RegoNumber.fromInt(1));
      expect.unreachable();
    } catch (e) {
      expect((e as BuiltinError).message).toBe("operand 2 must be string but got number");
    }
  });
});
