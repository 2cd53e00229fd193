// uuid.rfc4122 (random version 4 UUIDs, one per key within a query) and uuid.parse, which reads
// the forms Go's google/uuid accepts and decodes the fields OPA reports.
import { randomBytes } from "node:crypto";
import { formatValue, RegoNumber, RegoObject, type Value } from "../value/index.js";
import { stringOperand } from "./operands.js";
import type { BuiltinDef } from "./registry.js";

function formatUUID(b: Uint8Array): string {
  const h = Buffer.from(b).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function randomUUIDv4(): string {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  return formatUUID(b);
}

function hexByte(s: Uint8Array, i: number): number | undefined {
  const pair = String.fromCharCode(s[i]!, s[i + 1]!);
  return /^[0-9a-fA-F]{2}$/.test(pair) ? Number.parseInt(pair, 16) : undefined;
}

const DASHED_OFFSETS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const DASH = 0x2d;

/** google/uuid's Parse; lengths and offsets count UTF-8 bytes, as in Go. */
function parseUUID(text: string): Uint8Array | undefined {
  let s = Buffer.from(text, "utf8");
  const out = new Uint8Array(16);
  switch (s.length) {
    case 36:
      break;
    case 36 + 9:
      if (s.subarray(0, 9).toString("latin1").toLowerCase() !== "urn:uuid:") return undefined;
      s = s.subarray(9);
      break;
    case 36 + 2:
      // "{...}": only the middle 36 bytes are examined, whatever encloses them
      s = s.subarray(1);
      break;
    case 32:
      for (let i = 0; i < 16; i++) {
        const b = hexByte(s, 2 * i);
        if (b === undefined) return undefined;
        out[i] = b;
      }
      return out;
    default:
      return undefined;
  }
  if (s[8] !== DASH || s[13] !== DASH || s[18] !== DASH || s[23] !== DASH) return undefined;
  for (const [i, offset] of DASHED_OFFSETS.entries()) {
    const b = hexByte(s, offset);
    if (b === undefined) return undefined;
    out[i] = b;
  }
  return out;
}

function variant(b: number): string {
  if ((b & 0xc0) === 0x80) return "RFC4122";
  if ((b & 0xe0) === 0xc0) return "Microsoft";
  if ((b & 0xe0) === 0xe0) return "Future";
  return "Reserved";
}

function macVariables(b: number): string {
  if ((b & 0b11) === 0b11) return "local:multicast";
  if ((b & 0b01) === 0b01) return "global:multicast";
  if ((b & 0b10) === 0b10) return "local:unicast";
  return "global:unicast";
}

const DOMAINS = ["Person", "Group", "Org"];
// 100 ns intervals between 1582-10-15 (the UUID epoch) and 1970-01-01.
const G1582_NS100 = 122192928000000000n;

/** The timestamp of a version 1 or 2 UUID in Unix nanoseconds, in int64 arithmetic as OPA. */
function unixNanos(view: DataView): bigint {
  const t =
    BigInt(view.getUint32(0)) |
    (BigInt(view.getUint16(4)) << 32n) |
    (BigInt(view.getUint16(6) & 0xfff) << 48n);
  return BigInt.asIntN(64, (t - G1582_NS100) * 100n);
}

function uuidFields(b: Uint8Array): RegoObject {
  const view = new DataView(b.buffer, b.byteOffset, 16);
  const version = b[6]! >> 4;
  const out = RegoObject.fromEntries([
    ["version", RegoNumber.fromInt(version)],
    ["variant", variant(b[8]!)],
  ]);
  if (version === 1 || version === 2) {
    out.set("time", RegoNumber.fromInt(unixNanos(view)));
    out.set("nodeid", Array.from(b.subarray(10), (x) => x.toString(16).padStart(2, "0")).join("-"));
    out.set("macvariables", macVariables(b[10]!));
    out.set("clocksequence", RegoNumber.fromInt(view.getUint16(8) & 0x3fff));
  }
  if (version === 2) {
    out.set("id", RegoNumber.fromInt(view.getUint32(0)));
    out.set("domain", DOMAINS[b[9]!] ?? `Domain${b[9]}`);
  }
  return out;
}

export const uuidBuiltins: BuiltinDef[] = [
  {
    name: "uuid.rfc4122",
    arity: 1,
    nondeterministic: true,
    impl: ([k], ctx) => {
      // The same key yields the same UUID within one query, as in OPA.
      const key = `uuid.rfc4122\u0000${formatValue(k!)}`;
      let id = ctx.cache.get(key) as string | undefined;
      if (id === undefined) {
        id = randomUUIDv4();
        ctx.cache.set(key, id);
      }
      return id;
    },
  },
  {
    name: "uuid.parse",
    arity: 1,
    impl: ([s]): Value | undefined => {
      const b = parseUUID(stringOperand(s!, 1));
      return b && uuidFields(b);
    },
  },
];
