// Proleptic Gregorian calendar arithmetic and time zones, with Go's `time` package semantics:
// instants are (unix seconds, nanoseconds), wall clocks are computed in a zone, and dates
// built from out-of-range fields are normalised the way `time.Date` does.

const SECONDS_PER_DAY = 86400;

export const LONG_DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
export const SHORT_DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
export const LONG_MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
export const SHORT_MONTH_NAMES = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

/** An instant: whole seconds since the Unix epoch (may be negative) plus 0 ≤ nsec < 1e9. */
export interface Instant {
  sec: number;
  nsec: number;
}

/** The wall clock of an instant in a zone. */
export interface WallClock {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
  hour: number;
  minute: number;
  second: number;
  nsec: number;
  weekday: number; // 0 = Sunday
  yearDay: number; // 1..366
  offset: number; // seconds east of UTC
  zone: Zone;
  /** The instant's unix second, for looking up the zone abbreviation. */
  sec: number;
}

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

function floorMod(a: number, b: number): number {
  return a - Math.floor(a / b) * b;
}

export function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

/** Days in `month` (1..12) of `year`. */
export function daysIn(month: number, year: number): number {
  if (month === 2 && isLeap(year)) return 29;
  return DAYS_BEFORE[month]! - DAYS_BEFORE[month - 1]!;
}

/** Days before the first of `month` (1..13) in a non-leap year. */
export function daysBefore(month: number): number {
  return DAYS_BEFORE[month - 1]!;
}

/** Days since 1970-01-01 of a valid civil date (H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = floorDiv(153 * mp + 2, 5) + day - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const day = doy - floorDiv(153 * mp + 2, 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

// ---------------------------------------------------------------------------------------------
// Zones

export type Zone =
  | { readonly kind: "utc" }
  | {
      readonly kind: "iana";
      readonly name: string;
      readonly offsets: Intl.DateTimeFormat;
      readonly abbrevs: Intl.DateTimeFormat;
    };

export const UTC: Zone = { kind: "utc" };

export class UnknownZoneError extends Error {}

const zoneCache = new Map<string, Zone>();
const ZONE_CACHE_LIMIT = 256;

/**
 * Loads an IANA zone the way `time.LoadLocation` does: "" and "UTC" are UTC, "Local" is the
 * process zone, anything else must be a zone name known to ICU.
 */
export function loadZone(name: string): Zone {
  if (name === "" || name === "UTC") return UTC;
  const cached = zoneCache.get(name);
  if (cached) return cached;
  const ianaName = name === "Local" ? new Intl.DateTimeFormat().resolvedOptions().timeZone : name;
  // ICU also accepts offsets such as "+05:30", which Go's LoadLocation does not.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(ianaName)) throw new UnknownZoneError(`unknown time zone ${name}`);
  let zone: Zone;
  try {
    zone = {
      kind: "iana",
      name: ianaName,
      offsets: new Intl.DateTimeFormat("en-US", { timeZone: ianaName, timeZoneName: "longOffset" }),
      abbrevs: new Intl.DateTimeFormat("en-US", { timeZone: ianaName, timeZoneName: "short" }),
    };
  } catch {
    throw new UnknownZoneError(`unknown time zone ${name}`);
  }
  if (zoneCache.size >= ZONE_CACHE_LIMIT) zoneCache.clear();
  zoneCache.set(name, zone);
  return zone;
}

function zoneNamePart(fmt: Intl.DateTimeFormat, sec: number): string {
  for (const part of fmt.formatToParts(sec * 1000)) {
    if (part.type === "timeZoneName") return part.value;
  }
  return "";
}

/** Seconds east of UTC in effect in `zone` at unix second `sec`. */
function offsetAt(zone: Zone, sec: number): number {
  switch (zone.kind) {
    case "utc":
      return 0;
    case "iana": {
      // "GMT", "GMT+05:30" or "GMT-00:17:30"
      const m = /^GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(zoneNamePart(zone.offsets, sec));
      if (!m?.[1]) return 0;
      const abs = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
      return m[1] === "-" ? -abs : abs;
    }
  }
}

/** The zone abbreviation Go prints for layout "MST" (tzdata style numeric names when ICU has none). */
export function zoneAbbrev(w: WallClock): string {
  const { zone, sec, offset } = w;
  switch (zone.kind) {
    case "utc":
      return "UTC";
    case "iana": {
      const short = zoneNamePart(zone.abbrevs, sec);
      if (/^[A-Z]{3,5}$/.test(short) && short !== "GMT") return short;
      if (offset === 0 && (short === "GMT" || short === "UTC")) return short;
      return numericAbbrev(offset);
    }
  }
}

function numericAbbrev(offset: number): string {
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 3600)).padStart(2, "0");
  const mm = Math.floor((abs % 3600) / 60);
  return mm === 0 ? `${sign}${hh}` : `${sign}${hh}${String(mm).padStart(2, "0")}`;
}

/** The wall clock of `t` in `zone`. */
export function wallClock(t: Instant, zone: Zone): WallClock {
  const offset = offsetAt(zone, t.sec);
  const local = t.sec + offset;
  const days = floorDiv(local, SECONDS_PER_DAY);
  const secOfDay = local - days * SECONDS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(secOfDay / 3600),
    minute: Math.floor((secOfDay % 3600) / 60),
    second: secOfDay % 60,
    nsec: t.nsec,
    weekday: floorMod(days + 4, 7),
    yearDay: days - daysFromCivil(year, 1, 1) + 1,
    offset,
    zone,
    sec: t.sec,
  };
}

/**
 * Go's `time.Date`: builds the instant of a wall clock in `zone`, normalising out-of-range
 * fields (month 13 is January of the next year, day 0 is the last day of the previous month…).
 * Returns undefined when the arithmetic leaves the range of exactly representable integers.
 */
export function fromWallClock(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  nsec: number,
  zone: Zone,
): Instant | undefined {
  const m0 = month - 1;
  const y = year + floorDiv(m0, 12);
  const mo = floorMod(m0, 12) + 1;
  const carrySec = floorDiv(nsec, 1e9);
  const ns = nsec - carrySec * 1e9;
  const days = daysFromCivil(y, mo, 1) + day - 1;
  const local = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second + carrySec;
  if (!Number.isSafeInteger(local)) return undefined;
  // Like Go: guess the offset at the wall clock read as UTC, then re-check it at the result.
  let offset = offsetAt(zone, local);
  if (zone.kind === "iana") {
    const corrected = offsetAt(zone, local - offset);
    if (corrected !== offset) offset = corrected;
  }
  return { sec: local - offset, nsec: ns };
}
