// Go reference-layout time formatting and parsing ("2006-01-02T15:04:05Z07:00"), reproducing
// `time.Format` and `time.Parse` including their error messages.

import {
  daysBefore,
  daysIn,
  fromWallClock,
  type Instant,
  isLeap,
  LONG_DAY_NAMES,
  LONG_MONTH_NAMES,
  SHORT_DAY_NAMES,
  SHORT_MONTH_NAMES,
  UTC,
  type WallClock,
  zoneAbbrev,
} from "./calendar.js";

/** Layout names OPA accepts in place of a layout (Go's exported constants). */
export const NAMED_LAYOUTS: ReadonlyMap<string, string> = new Map([
  ["ANSIC", "Mon Jan _2 15:04:05 2006"],
  ["UnixDate", "Mon Jan _2 15:04:05 MST 2006"],
  ["RubyDate", "Mon Jan 02 15:04:05 -0700 2006"],
  ["RFC822", "02 Jan 06 15:04 MST"],
  ["RFC822Z", "02 Jan 06 15:04 -0700"],
  ["RFC850", "Monday, 02-Jan-06 15:04:05 MST"],
  ["RFC1123", "Mon, 02 Jan 2006 15:04:05 MST"],
  ["RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700"],
  ["RFC3339", "2006-01-02T15:04:05Z07:00"],
  ["RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00"],
]);

export const RFC3339 = "2006-01-02T15:04:05Z07:00";
export const RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00";

type StdKind =
  | "longMonth"
  | "month"
  | "numMonth"
  | "zeroMonth"
  | "longWeekDay"
  | "weekDay"
  | "day"
  | "underDay"
  | "zeroDay"
  | "underYearDay"
  | "zeroYearDay"
  | "hour"
  | "hour12"
  | "zeroHour12"
  | "minute"
  | "zeroMinute"
  | "second"
  | "zeroSecond"
  | "longYear"
  | "year"
  | "PM"
  | "pm"
  | "tz"
  | "isoTZ"
  | "isoSecondsTZ"
  | "isoShortTZ"
  | "isoColonTZ"
  | "isoColonSecondsTZ"
  | "numTZ"
  | "numSecondsTZ"
  | "numShortTZ"
  | "numColonTZ"
  | "numColonSecondsTZ"
  | "frac0"
  | "frac9";

interface Std {
  kind: StdKind;
  /** The layout text of the element, used in parse errors. */
  text: string;
  /** Fractional seconds: digit count and separator ('.' or ','). */
  digits?: number;
  sep?: string;
}

interface Chunk {
  prefix: string;
  std: Std | undefined;
}

const ZERO_STD: StdKind[] = ["zeroMonth", "zeroDay", "zeroHour12", "zeroMinute", "zeroSecond", "year"];

const TZ_ELEMENTS: [string, StdKind][] = [
  ["-070000", "numSecondsTZ"],
  ["-07:00:00", "numColonSecondsTZ"],
  ["-0700", "numTZ"],
  ["-07:00", "numColonTZ"],
  ["-07", "numShortTZ"],
];
const ISO_TZ_ELEMENTS: [string, StdKind][] = [
  ["Z070000", "isoSecondsTZ"],
  ["Z07:00:00", "isoColonSecondsTZ"],
  ["Z0700", "isoTZ"],
  ["Z07:00", "isoColonTZ"],
  ["Z07", "isoShortTZ"],
];

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function startsWithLowerCase(s: string): boolean {
  const c = s.charCodeAt(0);
  return c >= 97 && c <= 122;
}

/** Go's nextStdChunk: the literal prefix, the first layout element and the rest. */
function nextStdChunk(layout: string): { prefix: string; std: Std | undefined; rest: string } {
  for (let i = 0; i < layout.length; i++) {
    const found = (kind: StdKind, len: number, start = i): { prefix: string; std: Std; rest: string } => ({
      prefix: layout.slice(0, start),
      std: { kind, text: layout.slice(start, i + len) },
      rest: layout.slice(i + len),
    });
    switch (layout[i]) {
      case "J":
        if (layout.startsWith("Jan", i)) {
          if (layout.startsWith("January", i)) return found("longMonth", 7);
          if (!startsWithLowerCase(layout.slice(i + 3))) return found("month", 3);
        }
        break;
      case "M":
        if (layout.startsWith("Mon", i)) {
          if (layout.startsWith("Monday", i)) return found("longWeekDay", 6);
          if (!startsWithLowerCase(layout.slice(i + 3))) return found("weekDay", 3);
        }
        if (layout.startsWith("MST", i)) return found("tz", 3);
        break;
      case "0": {
        const c = layout.charCodeAt(i + 1);
        if (c >= 49 && c <= 54) return found(ZERO_STD[c - 49]!, 2);
        if (layout.startsWith("002", i)) return found("zeroYearDay", 3);
        break;
      }
      case "1":
        if (layout[i + 1] === "5") return found("hour", 2);
        return found("numMonth", 1);
      case "2":
        if (layout.startsWith("2006", i)) return found("longYear", 4);
        return found("day", 1);
      case "_":
        if (layout[i + 1] === "2") {
          // "_2006" is a literal "_" followed by the long year.
          if (layout.startsWith("2006", i + 1)) return found("longYear", 5, i + 1);
          return found("underDay", 2);
        }
        if (layout.startsWith("__2", i)) return found("underYearDay", 3);
        break;
      case "3":
        return found("hour12", 1);
      case "4":
        return found("minute", 1);
      case "5":
        return found("second", 1);
      case "P":
        if (layout[i + 1] === "M") return found("PM", 2);
        break;
      case "p":
        if (layout[i + 1] === "m") return found("pm", 2);
        break;
      case "-":
        for (const [text, kind] of TZ_ELEMENTS)
          if (layout.startsWith(text, i)) return found(kind, text.length);
        break;
      case "Z":
        for (const [text, kind] of ISO_TZ_ELEMENTS)
          if (layout.startsWith(text, i)) return found(kind, text.length);
        break;
      case ".":
      case ",": {
        const ch = layout[i + 1];
        if (ch === "0" || ch === "9") {
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          // Only a run of one repeated digit that is not followed by another digit.
          if (!isDigitAt(layout, j)) {
            const r = found(ch === "0" ? "frac0" : "frac9", j - i);
            r.std.digits = j - (i + 1);
            r.std.sep = layout[i];
            return r;
          }
        }
        break;
      }
    }
  }
  return { prefix: layout, std: undefined, rest: "" };
}

const chunkCache = new Map<string, Chunk[]>();
const CHUNK_CACHE_LIMIT = 512;

function chunksOf(layout: string): Chunk[] {
  let chunks = chunkCache.get(layout);
  if (chunks) return chunks;
  chunks = [];
  let rest = layout;
  for (;;) {
    const { prefix, std, rest: next } = nextStdChunk(rest);
    chunks.push({ prefix, std });
    if (!std) break;
    rest = next;
  }
  if (chunkCache.size >= CHUNK_CACHE_LIMIT) chunkCache.clear();
  chunkCache.set(layout, chunks);
  return chunks;
}

// ---------------------------------------------------------------------------------------------
// Formatting

function pad(n: number, width: number): string {
  if (n < 0) return `-${pad(-n, width)}`;
  return String(n).padStart(width, "0");
}

function formatZone(kind: StdKind, t: WallClock): string {
  const offset = t.offset;
  if (kind === "tz") {
    const abbrev = zoneAbbrev(t);
    if (abbrev !== "") return abbrev;
    const minutes = Math.trunc(offset / 60);
    const abs = Math.abs(minutes);
    return `${minutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60), 2)}${pad(abs % 60, 2)}`;
  }
  const iso = kind.startsWith("iso");
  if (iso && offset === 0) return "Z";
  const colon = kind.includes("Colon");
  const abs = Math.abs(offset);
  let out = (offset < 0 ? "-" : "+") + pad(Math.floor(abs / 3600), 2);
  if (kind !== "numShortTZ" && kind !== "isoShortTZ")
    out += (colon ? ":" : "") + pad(Math.floor(abs / 60) % 60, 2);
  if (kind.includes("Seconds")) out += (colon ? ":" : "") + pad(abs % 60, 2);
  return out;
}

function formatFraction(std: Std, nsec: number): string {
  const digits = std.digits ?? 0;
  const trim = std.kind === "frac9";
  if (trim && (digits === 0 || nsec === 0)) return "";
  let frac = pad(nsec, 9);
  if (digits < 9) frac = frac.slice(0, digits);
  if (trim) frac = frac.replace(/0+$/, "");
  return frac === "" ? "" : std.sep + frac;
}

function formatStd(std: Std, t: WallClock): string {
  switch (std.kind) {
    case "year":
      return pad(((t.year % 100) + 100) % 100, 2);
    case "longYear":
      return pad(t.year, 4);
    case "month":
      return SHORT_MONTH_NAMES[t.month - 1]!;
    case "longMonth":
      return LONG_MONTH_NAMES[t.month - 1]!;
    case "numMonth":
      return String(t.month);
    case "zeroMonth":
      return pad(t.month, 2);
    case "weekDay":
      return SHORT_DAY_NAMES[t.weekday]!;
    case "longWeekDay":
      return LONG_DAY_NAMES[t.weekday]!;
    case "day":
      return String(t.day);
    case "underDay":
      return String(t.day).padStart(2, " ");
    case "zeroDay":
      return pad(t.day, 2);
    case "underYearDay":
      return String(t.yearDay).padStart(3, " ");
    case "zeroYearDay":
      return pad(t.yearDay, 3);
    case "hour":
      return pad(t.hour, 2);
    case "hour12":
      return String(t.hour % 12 === 0 ? 12 : t.hour % 12);
    case "zeroHour12":
      return pad(t.hour % 12 === 0 ? 12 : t.hour % 12, 2);
    case "minute":
      return String(t.minute);
    case "zeroMinute":
      return pad(t.minute, 2);
    case "second":
      return String(t.second);
    case "zeroSecond":
      return pad(t.second, 2);
    case "PM":
      return t.hour >= 12 ? "PM" : "AM";
    case "pm":
      return t.hour >= 12 ? "pm" : "am";
    case "frac0":
    case "frac9":
      return formatFraction(std, t.nsec);
    default:
      return formatZone(std.kind, t);
  }
}

/** Go's `Time.Format`. */
export function formatGoLayout(layout: string, t: WallClock): string {
  let out = "";
  for (const { prefix, std } of chunksOf(layout)) {
    out += prefix;
    if (std) out += formatStd(std, t);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parsing

export class GoTimeParseError extends Error {}

/** Go's `quote` for time error messages: ASCII printable characters as is, others as \x escapes. */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch, "utf8")) out += `\\x${b.toString(16).padStart(2, "0")}`;
    } else {
      if (ch === '"' || ch === "\\") out += "\\";
      out += ch;
    }
  }
  return `${out}"`;
}

function lookupName(names: readonly string[], value: string): [number, string] | undefined {
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (value.length >= name.length && value.slice(0, name.length).toLowerCase() === name.toLowerCase()) {
      return [i, value.slice(name.length)];
    }
  }
  return undefined;
}

/** Go's getnum: one or two digits (exactly two when `fixed`). */
function getNum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigitAt(s, 0)) return undefined;
  if (!isDigitAt(s, 1)) {
    if (fixed) return undefined;
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + s.charCodeAt(1) - 48, s.slice(2)];
}

/** Go's getnum3: one to three digits (exactly three when `fixed`). */
function getNum3(s: string, fixed: boolean): [number, string] | undefined {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + s.charCodeAt(i) - 48;
  if (i === 0 || (fixed && i !== 3)) return undefined;
  return [n, s.slice(i)];
}

function cutSpace(s: string): string {
  let i = 0;
  while (s[i] === " ") i++;
  return s.slice(i);
}

/** Go's skip: matches a literal layout prefix; a space matches one or more spaces. */
function skipPrefix(value: string, prefix: string): string | undefined {
  let v = value;
  let p = prefix;
  while (p.length > 0) {
    if (p[0] === " ") {
      if (v.length > 0 && v[0] !== " ") return undefined;
      p = cutSpace(p);
      v = cutSpace(v);
      continue;
    }
    if (v.length === 0 || v[0] !== p[0]) return undefined;
    p = p.slice(1);
    v = v.slice(1);
  }
  return v;
}

/** Go's parseNanoseconds: `value` starts with the separator followed by digits. */
function parseNanoseconds(value: string, nbytes: number): number | undefined {
  if (value[0] !== "." && value[0] !== ",") return undefined;
  const digits = value.slice(1, Math.min(nbytes, 10));
  if (!/^\d+$/.test(digits)) return undefined;
  return Number(digits) * 10 ** (9 - digits.length);
}

/** Go's parseSignedOffset: length of a "+h"/"-hh" suffix of a zone name (hours ≤ 12), or 0. */
function signedOffsetLength(value: string): number {
  if (value[0] !== "+" && value[0] !== "-") return 0;
  const m = /^\d+/.exec(value.slice(1));
  if (!m || Number(m[0]) > 12) return 0;
  return 1 + m[0].length;
}

/** Go's parseTimeZone: length of a zone abbreviation at the start of `value`, or 0. */
function timeZoneLength(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith("ChST") || value.startsWith("MeST")) return 4;
  if (value.startsWith("GMT")) return 3 + (value.length > 3 ? signedOffsetLength(value.slice(3)) : 0);
  if (value[0] === "+" || value[0] === "-") return signedOffsetLength(value);
  let upper = 0;
  while (upper < 6 && upper < value.length && value[upper]! >= "A" && value[upper]! <= "Z") upper++;
  switch (upper) {
    case 3:
      return 3;
    case 4:
      return value[3] === "T" || value.startsWith("WITA") ? 4 : 0;
    case 5:
      return value[4] === "T" ? 5 : 0;
    default:
      return 0;
  }
}

interface ParseState {
  year: number;
  month: number;
  day: number;
  yday: number;
  hour: number;
  minute: number;
  second: number;
  nsec: number;
  pm: boolean;
  am: boolean;
  /** Seconds east of UTC from a numeric zone, or undefined. */
  zoneOffset: number | undefined;
  utc: boolean;
  zoneName: string;
}

/**
 * Parses one layout element; returns the rest of the value, a range error ("month"), or
 * undefined for a syntax error.
 */
function parseStd(
  std: Std,
  value: string,
  next: Std | undefined,
  st: ParseState,
): string | { range: string } | undefined {
  const num = (
    fixed: boolean,
    set: (n: number) => string | undefined,
  ): string | { range: string } | undefined => {
    const r = getNum(value, fixed);
    if (!r) return undefined;
    const range = set(r[0]);
    return range ? { range } : r[1];
  };
  switch (std.kind) {
    case "year": {
      if (value.length < 2 || !/^\d\d/.test(value)) return undefined;
      const y = Number(value.slice(0, 2));
      st.year = y >= 69 ? y + 1900 : y + 2000;
      return value.slice(2);
    }
    case "longYear":
      if (value.length < 4 || !/^\d{4}/.test(value)) return undefined;
      st.year = Number(value.slice(0, 4));
      return value.slice(4);
    case "month":
    case "longMonth": {
      const r = lookupName(std.kind === "month" ? SHORT_MONTH_NAMES : LONG_MONTH_NAMES, value);
      if (!r) return undefined;
      st.month = r[0] + 1;
      return r[1];
    }
    case "numMonth":
    case "zeroMonth":
      return num(std.kind === "zeroMonth", (n) => {
        st.month = n;
        return n <= 0 || n > 12 ? "month" : undefined;
      });
    case "weekDay":
    case "longWeekDay": {
      const r = lookupName(std.kind === "weekDay" ? SHORT_DAY_NAMES : LONG_DAY_NAMES, value);
      return r ? r[1] : undefined;
    }
    case "day":
    case "underDay":
    case "zeroDay": {
      const v = std.kind === "underDay" && value[0] === " " ? value.slice(1) : value;
      const r = getNum(v, std.kind === "zeroDay");
      if (!r) return undefined;
      st.day = r[0];
      return r[1];
    }
    case "underYearDay":
    case "zeroYearDay": {
      let v = value;
      for (let i = 0; i < 2; i++) if (std.kind === "underYearDay" && v[0] === " ") v = v.slice(1);
      const r = getNum3(v, std.kind === "zeroYearDay");
      if (!r) return undefined;
      st.yday = r[0];
      return r[1];
    }
    case "hour":
      return num(false, (n) => {
        st.hour = n;
        return n >= 24 ? "hour" : undefined;
      });
    case "hour12":
    case "zeroHour12":
      return num(std.kind === "zeroHour12", (n) => {
        st.hour = n;
        return n > 12 ? "hour" : undefined;
      });
    case "minute":
    case "zeroMinute":
      return num(std.kind === "zeroMinute", (n) => {
        st.minute = n;
        return n >= 60 ? "minute" : undefined;
      });
    case "second":
    case "zeroSecond": {
      const r = getNum(value, std.kind === "zeroSecond");
      if (!r) return undefined;
      st.second = r[0];
      if (r[0] >= 60) return { range: "second" };
      let rest = r[1];
      // A fractional second in the value but not in the layout is accepted here.
      if (rest.length >= 2 && (rest[0] === "." || rest[0] === ",") && isDigitAt(rest, 1)) {
        if (next?.kind === "frac0" || next?.kind === "frac9") return rest;
        let n = 2;
        while (n < rest.length && isDigitAt(rest, n)) n++;
        const ns = parseNanoseconds(rest, n);
        if (ns === undefined) return undefined;
        st.nsec = ns;
        rest = rest.slice(n);
      }
      return rest;
    }
    case "PM":
    case "pm": {
      if (value.length < 2) return undefined;
      const p = value.slice(0, 2);
      const [pmText, amText] = std.kind === "PM" ? ["PM", "AM"] : ["pm", "am"];
      if (p === pmText) st.pm = true;
      else if (p === amText) st.am = true;
      else return undefined;
      return value.slice(2);
    }
    case "tz": {
      if (value.startsWith("UTC")) {
        st.utc = true;
        return value.slice(3);
      }
      const n = timeZoneLength(value);
      if (n === 0) return undefined;
      st.zoneName = value.slice(0, n);
      return value.slice(n);
    }
    case "frac0": {
      const ndigit = 1 + (std.digits ?? 0);
      if (value.length < ndigit) return undefined;
      const ns = parseNanoseconds(value, ndigit);
      if (ns === undefined) return undefined;
      st.nsec = ns;
      return value.slice(ndigit);
    }
    case "frac9": {
      if (value.length < 2 || (value[0] !== "." && value[0] !== ",") || !isDigitAt(value, 1)) return value;
      let i = 0;
      while (i + 1 < value.length && isDigitAt(value, i + 1)) i++;
      const ns = parseNanoseconds(value, 1 + i);
      if (ns === undefined) return undefined;
      st.nsec = ns;
      return value.slice(1 + i);
    }
    default:
      return parseNumericZone(std.kind, value, st);
  }
}

function parseNumericZone(
  kind: StdKind,
  value: string,
  st: ParseState,
): string | { range: string } | undefined {
  if (kind.startsWith("iso") && value[0] === "Z") {
    st.utc = true;
    return value.slice(1);
  }
  let sign: string;
  let hh: string;
  let mm = "00";
  let ss = "00";
  let rest: string;
  if (kind === "isoColonTZ" || kind === "numColonTZ") {
    if (value.length < 6 || value[3] !== ":") return undefined;
    [sign, hh, mm, rest] = [value[0]!, value.slice(1, 3), value.slice(4, 6), value.slice(6)];
  } else if (kind === "numShortTZ" || kind === "isoShortTZ") {
    if (value.length < 3) return undefined;
    [sign, hh, rest] = [value[0]!, value.slice(1, 3), value.slice(3)];
  } else if (kind === "isoColonSecondsTZ" || kind === "numColonSecondsTZ") {
    if (value.length < 9 || value[3] !== ":" || value[6] !== ":") return undefined;
    [sign, hh, mm, ss, rest] = [
      value[0]!,
      value.slice(1, 3),
      value.slice(4, 6),
      value.slice(7, 9),
      value.slice(9),
    ];
  } else if (kind === "isoSecondsTZ" || kind === "numSecondsTZ") {
    if (value.length < 7) return undefined;
    [sign, hh, mm, ss, rest] = [
      value[0]!,
      value.slice(1, 3),
      value.slice(3, 5),
      value.slice(5, 7),
      value.slice(7),
    ];
  } else {
    if (value.length < 5) return undefined;
    [sign, hh, mm, rest] = [value[0]!, value.slice(1, 3), value.slice(3, 5), value.slice(5)];
  }
  const h = getNum(hh, true);
  const m = getNum(mm, true);
  const s = getNum(ss, true);
  if (!h || !m || !s || (sign !== "+" && sign !== "-")) return undefined;
  // Go compares with > rather than >=: offsets of 24 hours or 60 minutes are accepted.
  let range: string | undefined;
  if (h[0] > 24) range = "time zone offset hour";
  if (m[0] > 60) range = "time zone offset minute";
  if (s[0] > 60) range = "time zone offset second";
  const offset = (h[0] * 60 + m[0]) * 60 + s[0];
  st.zoneOffset = sign === "-" ? -offset : offset;
  return range ? { range } : rest;
}

const RFC3339_SHAPE = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:Z|([+-])(\d\d):(\d\d))$/;

/**
 * The common RFC 3339 shapes without the general layout machinery. Returns undefined for
 * anything unusual (out-of-range fields included), which the general parser then handles.
 */
function parseRfc3339Fast(value: string): Instant | undefined {
  const m = RFC3339_SHAPE.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(
    Number,
  ) as number[];
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysIn(month!, year!)) return undefined;
  if (hour! > 23 || minute! > 59 || second! > 59) return undefined;
  const nsec = m[7] ? Number(m[7]) * 10 ** (9 - m[7].length) : 0;
  const t = fromWallClock(year!, month!, day!, hour!, minute!, second!, nsec, UTC)!;
  if (m[8]) {
    const hh = Number(m[9]);
    const mm = Number(m[10]);
    if (hh > 24 || mm > 60) return undefined;
    const offset = (hh * 60 + mm) * 60;
    t.sec -= m[8] === "-" ? -offset : offset;
  }
  return t;
}

/** Go's `time.Parse` (with UTC as the default and local zone); throws GoTimeParseError. */
export function parseGoLayout(layout: string, value: string): Instant {
  if (layout === RFC3339 || layout === RFC3339_NANO) {
    const fast = parseRfc3339Fast(value);
    if (fast) return fast;
  }
  const st: ParseState = {
    year: 0,
    month: -1,
    day: -1,
    yday: -1,
    hour: 0,
    minute: 0,
    second: 0,
    nsec: 0,
    pm: false,
    am: false,
    zoneOffset: undefined,
    utc: false,
    zoneName: "",
  };
  const fail = (message: string): never => {
    throw new GoTimeParseError(`parsing time ${goTimeQuote(value)}${message}`);
  };
  const cannotParse = (valueElem: string, layoutElem: string): never =>
    fail(` as ${goTimeQuote(layout)}: cannot parse ${goTimeQuote(valueElem)} as ${goTimeQuote(layoutElem)}`);

  const chunks = chunksOf(layout);
  let rest = value;
  for (let i = 0; i < chunks.length; i++) {
    const { prefix, std } = chunks[i]!;
    const afterPrefix = skipPrefix(rest, prefix);
    if (afterPrefix === undefined) cannotParse(rest, prefix);
    rest = afterPrefix as string;
    if (!std) {
      if (rest.length > 0) fail(`: extra text: ${goTimeQuote(rest)}`);
      break;
    }
    const r = parseStd(std, rest, chunks[i + 1]?.std, st);
    if (r === undefined) cannotParse(rest, std.text);
    if (typeof r === "object") fail(`: ${r.range} out of range`);
    rest = r as string;
  }

  if (st.pm && st.hour < 12) st.hour += 12;
  else if (st.am && st.hour === 12) st.hour = 0;

  if (st.yday >= 0) resolveYearDay(st, fail);
  else {
    if (st.month < 0) st.month = 1;
    if (st.day < 0) st.day = 1;
  }
  if (st.day < 1 || st.day > daysIn(st.month, st.year)) fail(": day out of range");

  const wall = fromWallClock(st.year, st.month, st.day, st.hour, st.minute, st.second, st.nsec, UTC)!;
  // A zone abbreviation without a known offset keeps the wall clock as UTC, as Go does
  // when the abbreviation is not the local zone's.
  if (!st.utc && st.zoneOffset !== undefined) wall.sec -= st.zoneOffset;
  return wall;
}

function resolveYearDay(st: ParseState, fail: (message: string) => never): void {
  let yday = st.yday;
  let m = 0;
  let d = 0;
  if (isLeap(st.year)) {
    if (yday === 31 + 29) {
      m = 2;
      d = 29;
    } else if (yday > 31 + 29) yday--;
  }
  if (yday < 1 || yday > 365) fail(": day-of-year out of range");
  if (m === 0) {
    m = Math.floor((yday - 1) / 31) + 1;
    if (daysBefore(m + 1) < yday) m++;
    d = yday - daysBefore(m);
  }
  if (st.month >= 0 && st.month !== m) fail(": day-of-year does not match month");
  st.month = m;
  if (st.day >= 0 && st.day !== d) fail(": day-of-year does not match day");
  st.day = d;
}
