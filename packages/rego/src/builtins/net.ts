// net.cidr_* builtins (IPv4 and IPv6) with Go's net semantics. DNS lookups are deliberately absent.

import { RegoNumber, RegoObject, RegoSet, type Value } from "../value/index.js";
import {
  CidrError,
  formatIp,
  formatNet,
  type IpNet,
  isV4Mapped,
  netContains,
  netRange,
  parseCidr,
  parseIp,
} from "./ipnet.js";
import { asBuiltinError, builtinError, stringOperand } from "./operands.js";
import type { BuiltinDef } from "./registry.js";

/** Largest network net.cidr_expand enumerates; a /16 (IPv4) or /112 (IPv6). */
const MAX_EXPAND = 65536n;

function cidrOperand(v: Value): IpNet {
  // OPA reports every operand of these builtins as operand 1.
  const s = stringOperand(v, 1);
  return asBuiltinError(CidrError, () => parseCidr(s));
}

/** net.cidr_contains: does the CIDR contain the IP, or every address of the other CIDR? */
function cidrContains(cidr: Value, other: Value): boolean {
  const net = cidrOperand(cidr);
  const text = stringOperand(other, 1);
  const ip = parseIp(text);
  if (ip) return netContains(net, ip.bytes, ip.value);
  let inner: IpNet;
  try {
    inner = parseCidr(text);
  } catch (e) {
    if (e instanceof CidrError)
      throw builtinError(`not a valid textual representation of an IP address or CIDR: ${text}`);
    throw e;
  }
  return netContains(net, inner.bytes, inner.ip) && netContains(net, inner.bytes, netRange(inner).last);
}

function cidrIntersects(a: Value, b: Value): boolean {
  const x = cidrOperand(a);
  const y = cidrOperand(b);
  return netContains(x, y.bytes, y.ip) || netContains(y, x.bytes, x.ip);
}

/** The CIDR of one element of a cidr_contains_matches operand: a string or a non-empty array's first item. */
function matchCidr(v: Value, operand: number): Value {
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.length > 0) return v[0]!;
  throw builtinError(`operand ${operand}: element must be string or non-empty array`);
}

/** Calls `fn(cidr, index)` for each element: strings index themselves, arrays by position, sets by element, objects by key. */
function eachMatchCandidate(v: Value, operand: number, fn: (cidr: Value, index: Value) => void): void {
  if (typeof v === "string") fn(v, v);
  else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) fn(matchCidr(v[i]!, operand), RegoNumber.fromInt(i));
  } else if (v instanceof RegoSet) for (const x of v) fn(matchCidr(x, operand), x);
  else if (v instanceof RegoObject) for (const [k, x] of v.entries()) fn(matchCidr(x, operand), k);
}

function cidrContainsMatches(cidrs: Value, candidates: Value): Value {
  const result = new RegoSet();
  eachMatchCandidate(cidrs, 1, (cidr, i) => {
    eachMatchCandidate(candidates, 2, (candidate, j) => {
      if (cidrContains(cidr, candidate)) result.add([i, j]);
    });
  });
  return result;
}

function cidrExpand(v: Value): Value {
  const net = cidrOperand(v);
  const { first, last } = netRange(net);
  if (last - first + 1n > MAX_EXPAND) {
    throw builtinError(
      `${formatNet(net)} has ${last - first + 1n} addresses, more than the ${MAX_EXPAND} that can be expanded`,
    );
  }
  const result = new RegoSet();
  for (let ip = first; ip <= last; ip++) result.add(formatIp(net.bytes, ip));
  return result;
}

function cidrIsValid(v: Value): boolean {
  if (typeof v !== "string") return false;
  try {
    parseCidr(v);
    return true;
  } catch (e) {
    if (e instanceof CidrError) return false;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// net.cidr_merge: OPA sorts address ranges (IPv4 mapped into ::ffff:0:0/96), merges overlapping
// and adjacent ones, and turns each merged range into the fewest CIDRs.

const V4_BASE = 0xffffn << 32n;

interface Block {
  first: bigint;
  last: bigint;
  /** The input's own text (IPNet.String) while the block is not merged with another. */
  text: string | undefined;
}

/** Go's IP.DefaultMask: the classful prefix of an IPv4 address. */
function classfulPrefix(v4: bigint): number {
  const top = Number(v4 >> 24n);
  if (top < 0x80) return 8;
  if (top < 0xc0) return 16;
  return 24;
}

function blockOf(v: Value): Block {
  if (typeof v !== "string") throw builtinError("element must be string");
  const ip = parseIp(v);
  if (ip) {
    if (ip.bytes === 16 && !isV4Mapped(ip.value)) throw builtinError("IPv6 invalid: needs prefix length");
    // An address alone stands for its classful network; OPA keeps the address unmasked in the text.
    const v4 = ip.value & 0xffffffffn;
    const prefix = classfulPrefix(v4);
    const host = (1n << BigInt(32 - prefix)) - 1n;
    return { first: V4_BASE | (v4 & ~host), last: V4_BASE | v4 | host, text: `${formatIp(4, v4)}/${prefix}` };
  }
  const net = asBuiltinError(CidrError, () => parseCidr(v));
  const { first, last } = netRange(net);
  const base = net.bytes === 4 ? V4_BASE : 0n;
  return { first: base | first, last: base | last, text: formatNet(net) };
}

/** Go's GetPreviousIP in the merged space: the zero addresses of each family have no predecessor. */
function previous(ip: bigint): bigint {
  return ip === 0n || ip === V4_BASE ? ip : ip - 1n;
}

/** The fewest CIDRs covering first..last, formatted. */
function rangeToCidrs(first: bigint, last: bigint): string[] {
  const v4 = isV4Mapped(first);
  const bits = v4 ? 32 : 128;
  const out: string[] = [];
  let ip = first;
  while (ip <= last) {
    let size = 0;
    while (
      size < bits &&
      (ip & ((1n << BigInt(size + 1)) - 1n)) === 0n &&
      ip + (1n << BigInt(size + 1)) - 1n <= last
    ) {
      size++;
    }
    out.push(v4 ? `${formatIp(4, ip & 0xffffffffn)}/${32 - size}` : `${formatIp(16, ip)}/${128 - size}`);
    ip += 1n << BigInt(size);
  }
  return out;
}

function cidrMerge(v: Value): Value {
  let items: Iterable<Value>;
  if (Array.isArray(v)) items = v;
  else if (v instanceof RegoSet) items = v;
  else throw builtinError("operand must be an array");
  const blocks = [...items].map(blockOf);
  blocks.sort((a, b) =>
    a.last !== b.last ? (a.last < b.last ? -1 : 1) : a.first < b.first ? -1 : a.first > b.first ? 1 : 0,
  );
  for (let i = blocks.length - 1; i > 0; i--) {
    const cur = blocks[i]!;
    const prev = blocks[i - 1]!;
    if (previous(cur.first) <= prev.last) {
      blocks[i - 1] = {
        first: prev.first < cur.first ? prev.first : cur.first,
        last: cur.last,
        text: undefined,
      };
      blocks.splice(i, 1);
    }
  }
  const result = new RegoSet();
  for (const b of blocks) {
    if (b.text !== undefined) result.add(b.text);
    else for (const cidr of rangeToCidrs(b.first, b.last)) result.add(cidr);
  }
  return result;
}

export const netBuiltins: BuiltinDef[] = [
  { name: "net.cidr_contains", arity: 2, impl: ([a, b]) => cidrContains(a!, b!) },
  { name: "net.cidr_overlap", arity: 2, deprecated: true, impl: ([a, b]) => cidrContains(a!, b!) },
  { name: "net.cidr_intersects", arity: 2, impl: ([a, b]) => cidrIntersects(a!, b!) },
  { name: "net.cidr_contains_matches", arity: 2, impl: ([a, b]) => cidrContainsMatches(a!, b!) },
  { name: "net.cidr_expand", arity: 1, impl: ([a]) => cidrExpand(a!) },
  { name: "net.cidr_is_valid", arity: 1, impl: ([a]) => cidrIsValid(a!) },
  { name: "net.cidr_merge", arity: 1, impl: ([a]) => cidrMerge(a!) },
];
