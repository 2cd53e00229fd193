// Go's encoding/base64 decoder semantics (Buffer.from(s, "base64") silently skips bad input):
// padded alphabets require complete quanta, "\r" and "\n" are ignored, and errors report the
// byte offset as "illegal base64 data at input byte N".

export class Base64Error extends Error {}

const STD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function decodeMap(alphabet: string): Uint8Array {
  const map = new Uint8Array(256).fill(0xff);
  for (let i = 0; i < alphabet.length; i++) map[alphabet.charCodeAt(i)] = i;
  return map;
}

const STD_MAP = decodeMap(STD_ALPHABET);
const URL_MAP = decodeMap(URL_ALPHABET);

export type Base64Alphabet = "std" | "url";

function corrupt(at: number): Base64Error {
  return new Base64Error(`illegal base64 data at input byte ${at}`);
}

function isNewline(b: number | undefined): boolean {
  return b === 0x0a || b === 0x0d;
}

const PAD = 0x3d; // '='

/** Decodes padded base64 (Go's StdEncoding / URLEncoding, non-strict). */
export function decodeBase64Go(text: string, alphabet: Base64Alphabet): Uint8Array {
  const src = Buffer.from(text, "utf8");
  const map = alphabet === "std" ? STD_MAP : URL_MAP;
  const out = new Uint8Array(Math.floor((src.length * 3) / 4) + 3);
  let n = 0;
  let si = 0;
  const quantum = [0, 0, 0, 0];
  for (;;) {
    let len = 4;
    let end = false;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return out.subarray(0, n);
        // Padded encodings need complete quanta.
        throw corrupt(si - j);
      }
      const b = src[si++]!;
      const v = map[b]!;
      if (v !== 0xff) {
        quantum[j] = v;
        continue;
      }
      if (isNewline(b)) {
        j--;
        continue;
      }
      if (b !== PAD) throw corrupt(si - 1);
      // Padding: only after two or three symbols, and nothing but newlines after it.
      if (j < 2) throw corrupt(si - 1);
      if (j === 2) {
        while (isNewline(src[si])) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== PAD) throw corrupt(si - 1);
        si++;
      }
      while (isNewline(src[si])) si++;
      if (si < src.length) throw corrupt(si);
      len = j;
      end = true;
      break;
    }
    const val = (quantum[0]! << 18) | (quantum[1]! << 12) | (quantum[2]! << 6) | quantum[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    for (let k = 0; k < len - 1; k++) out[n++] = bytes[k]!;
    quantum.fill(0);
    if (end) return out.subarray(0, n);
  }
}

/** True when `text` decodes under Go's StdEncoding. */
export function isValidBase64Go(text: string): boolean {
  try {
    decodeBase64Go(text, "std");
    return true;
  } catch (e) {
    if (e instanceof Base64Error) return false;
    throw e;
  }
}

export function encodeBase64(bytes: Uint8Array, alphabet: Base64Alphabet, padded: boolean): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (alphabet === "std") return b.toString("base64");
  const url = b.toString("base64url");
  if (!padded) return url;
  return url + "=".repeat((4 - (url.length % 4)) % 4);
}

/**
 * OPA's base64url.decode: restores missing padding (RFC 7515 appendix C), then decodes with
 * Go's padded URL alphabet.
 */
export function decodeBase64UrlOpa(text: string): Uint8Array {
  let s = text;
  if (!s.endsWith("=")) {
    switch (Buffer.byteLength(s, "utf8") % 4) {
      case 0:
        break;
      case 2:
        s += "==";
        break;
      case 3:
        s += "=";
        break;
      default:
        throw new Base64Error(`illegal base64url string: ${s}`);
    }
  }
  return decodeBase64Go(s, "url");
}
