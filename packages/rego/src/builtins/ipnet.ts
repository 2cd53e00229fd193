// IP addresses and CIDR blocks with Go's net package semantics, on BigInt: net.ParseIP,
// net.ParseCIDR, IPNet.Contains (IPv4-mapped IPv6 addresses count as IPv4) and IP.String.

/** A parsed address: `bytes` is 4 for IPv4 text, 16 for IPv6 text (as net.ParseCIDR keeps it). */
export interface IpAddr {
  bytes: 4 | 16;
  value: bigint;
}

/** A network as net.ParseCIDR returns it: the masked address and the prefix length. */
export interface IpNet {
  bytes: 4 | 16;
  ip: bigint;
  prefix: number;
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;
const V4_MAPPED_MASK = ((1n << 96n) - 1n) << 32n;

function parseIPv4(s: string): bigint | undefined {
  const fields = s.split(".");
  if (fields.length !== 4) return undefined;
  let value = 0n;
  for (const f of fields) {
    // 1-3 digits, at most 255, no leading zeros (Go ≥ 1.17 rejects "010" as ambiguous).
    if (!/^\d{1,3}$/.test(f) || (f.length > 1 && f[0] === "0")) return undefined;
    const n = Number(f);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  const groups: number[] = []; // 16-bit groups
  let s = text;
  let ellipsis = -1;
  if (s.startsWith("::")) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === "") return 0n;
  }
  while (groups.length < 8) {
    const m = /^[0-9a-fA-F]{1,4}/.exec(s);
    if (!m || /^[0-9a-fA-F]/.test(s.slice(m[0].length))) return undefined;
    if (s[m[0].length] === ".") {
      // An embedded IPv4 address replaces the last two groups.
      if ((ellipsis < 0 && groups.length !== 6) || groups.length > 6) return undefined;
      const v4 = parseIPv4(s);
      if (v4 === undefined) return undefined;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      s = "";
      break;
    }
    groups.push(Number.parseInt(m[0], 16));
    s = s.slice(m[0].length);
    if (s === "") break;
    if (s[0] !== ":" || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ":") {
      if (ellipsis >= 0) return undefined;
      ellipsis = groups.length;
      s = s.slice(1);
      if (s === "") break;
    }
  }
  if (s !== "") return undefined;
  if (groups.length < 8) {
    if (ellipsis < 0) return undefined;
    groups.splice(ellipsis, 0, ...new Array<number>(8 - groups.length).fill(0));
  } else if (ellipsis >= 0) {
    return undefined; // "::" must stand for at least one group
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

/** net.ParseIP (zones such as "%eth0" are rejected). */
export function parseIp(s: string): IpAddr | undefined {
  if (s.includes(":")) {
    const v = parseIPv6(s);
    return v === undefined ? undefined : { bytes: 16, value: v };
  }
  const v = parseIPv4(s);
  return v === undefined ? undefined : { bytes: 4, value: v };
}

export class CidrError extends Error {}

function hostMask(bits: number, prefix: number): bigint {
  return (1n << BigInt(bits - prefix)) - 1n;
}

/** net.ParseCIDR; throws CidrError("invalid CIDR address: …"). */
export function parseCidr(s: string): IpNet {
  const slash = s.indexOf("/");
  const addr = slash < 0 ? undefined : parseIp(s.slice(0, slash));
  const maskText = slash < 0 ? "" : s.slice(slash + 1);
  if (!addr || !/^\d+$/.test(maskText)) throw new CidrError(`invalid CIDR address: ${s}`);
  const bits = addr.bytes * 8;
  const prefix = Number(maskText);
  if (prefix > bits) throw new CidrError(`invalid CIDR address: ${s}`);
  return { bytes: addr.bytes, ip: addr.value & ~hostMask(bits, prefix), prefix };
}

export function isV4Mapped(value: bigint): boolean {
  return (value & V4_MAPPED_MASK) === V4_MAPPED_PREFIX;
}

/** IP.To4 normalisation: IPv4 and IPv4-mapped IPv6 addresses become 32-bit values. */
function to4(bytes: 4 | 16, value: bigint): { v4: boolean; value: bigint } {
  if (bytes === 4) return { v4: true, value };
  if (isV4Mapped(value)) return { v4: true, value: value & 0xffffffffn };
  return { v4: false, value };
}

/** IPNet.Contains. */
export function netContains(net: IpNet, bytes: 4 | 16, value: bigint): boolean {
  const n = to4(net.bytes, net.ip);
  // A 16-byte mask applied to an IPv4 network keeps only its last 32 bits.
  const prefix = n.v4 && net.bytes === 16 ? Math.max(0, net.prefix - 96) : net.prefix;
  const a = to4(bytes, value);
  if (n.v4 !== a.v4) return false;
  const bits = n.v4 ? 32 : 128;
  return a.value >> BigInt(bits - prefix) === n.value >> BigInt(bits - prefix);
}

/** The first and last address of a network, in its own width. */
export function netRange(net: IpNet): { first: bigint; last: bigint } {
  return { first: net.ip, last: net.ip | hostMask(net.bytes * 8, net.prefix) };
}

function formatIPv4(value: bigint): string {
  const n = Number(value);
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** IP.String: dotted IPv4 (also for IPv4-mapped IPv6), RFC 5952 IPv6 otherwise. */
export function formatIp(bytes: 4 | 16, value: bigint): string {
  if (bytes === 4) return formatIPv4(value);
  if (isV4Mapped(value)) return formatIPv4(value & 0xffffffffn);
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // The first longest run of two or more zero groups becomes "::".
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number[]) => g.map((x) => x.toString(16)).join(":");
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

/** IPNet.String. */
export function formatNet(net: IpNet): string {
  if (net.bytes === 16 && isV4Mapped(net.ip)) {
    return `${formatIp(16, net.ip)}/${Math.max(0, net.prefix - 96)}`;
  }
  return `${formatIp(net.bytes, net.ip)}/${net.prefix}`;
}
