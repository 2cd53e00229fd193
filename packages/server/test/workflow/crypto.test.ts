import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CredentialCipher, parseEncryptionKey } from "../../src/workflow/crypto.js";

describe("credential encryption (AES-256-GCM)", () => {
  const key = randomBytes(32);
  const cipher = new CredentialCipher(key);

  it("round-trips and never stores the plaintext", () => {
    const blob = cipher.encrypt('[{"name":"K","value":"secret-value"}]', "req_1");
    expect(blob.startsWith("v1:")).toBe(true);
    expect(blob).not.toContain("secret-value");
    expect(Buffer.from(blob.slice(3), "base64").toString("latin1")).not.toContain("secret-value");
    expect(cipher.decrypt(blob, "req_1")).toBe('[{"name":"K","value":"secret-value"}]');
  });

  it("uses a fresh nonce per encryption", () => {
    expect(cipher.encrypt("x", "req_1")).not.toBe(cipher.encrypt("x", "req_1"));
  });

  it("refuses a blob moved to another request, altered, or sealed with another key", () => {
    const blob = cipher.encrypt("x", "req_1");
    expect(() => cipher.decrypt(blob, "req_2")).toThrow();
    const raw = Buffer.from(blob.slice(3), "base64");
    raw[raw.length - 1] ^= 1;
    expect(() => cipher.decrypt(`v1:${raw.toString("base64")}`, "req_1")).toThrow();
    expect(() => new CredentialCipher(randomBytes(32)).decrypt(blob, "req_1")).toThrow();
    expect(() => cipher.decrypt("v2:abc", "req_1")).toThrow(/format/);
  });

  it("parses a 32-byte base64 key and names the setting otherwise", () => {
    expect(parseEncryptionKey(key.toString("base64")).equals(key)).toBe(true);
    expect(() => parseEncryptionKey(randomBytes(16).toString("base64"))).toThrow(
      /security\.encryption_key.*32/,
    );
    expect(() => parseEncryptionKey("not base64!")).toThrow(/security\.encryption_key/);
  });
});
