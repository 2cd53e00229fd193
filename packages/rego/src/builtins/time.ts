// time.* builtins: nanosecond timestamps as exact integers, Go layouts, IANA zones via Intl.

import { RegoNumber, type Value } from "../value/index.js";
import {
  daysIn,
  fromWallClock,
  type Instant,
  LONG_DAY_NAMES,
  loadZone,
  UnknownZoneError,
  UTC,
  wallClock,
  type Zone,
} from "./calendar.js";
import { GoDurationError, parseGoDuration } from "./duration.js";
import {
  formatGoLayout,
  GoTimeParseError,
  NAMED_LAYOUTS,
  parseGoLayout,
  RFC3339,
  RFC3339_NANO,
} from "./golayout.js";
import {
  asBuiltinError,
  builtinError,
  int64Of,
  intOperand,
  numberOperand,
  stringOperand,
} from "./operands.js";
import { type BuiltinDef, operandTypeError } from "./registry.js";

const NS_PER_SEC = 1_000_000_000n;
const MIN_NS = -(1n << 63n);
const MAX_NS = (1n << 63n) - 1n;

function instantOf(ns: bigint): Instant {
  let sec = ns / NS_PER_SEC;
  let nsec = ns % NS_PER_SEC;
  if (nsec < 0n) {
    sec -= 1n;
    nsec += NS_PER_SEC;
  }
  return { sec: Number(sec), nsec: Number(nsec) };
}

/** OPA's toSafeUnixNano: nanoseconds since the epoch, which must fit in an int64. */
function unixNano(t: Instant | undefined): RegoNumber {
  if (t) {
    const ns = BigInt(t.sec) * NS_PER_SEC + BigInt(t.nsec);
    if (ns >= MIN_NS && ns <= MAX_NS) return RegoNumber.fromInt(ns);
  }
  throw builtinError("time outside of valid range");
}

interface ZonedTime {
  t: Instant;
  zone: Zone;
  layout: string;
}

const TIME_OPERAND = "either number (ns) or [number (ns), string (tz)]";

/** OPA's tzTime: `ns`, `[ns, tz]` or `[ns, tz, layout]`. */
function zonedTime(v: Value): ZonedTime {
  let ns: RegoNumber;
  let zone = UTC;
  let layout = "";
  if (Array.isArray(v)) {
    if (v.length === 0) throw operandTypeError(1, TIME_OPERAND, v);
    ns = numberOperand(v[0]!, 1);
    if (v.length > 1) {
      const name = stringOperand(v[1]!, 1);
      zone = asBuiltinError(UnknownZoneError, () => loadZone(name));
    }
    if (v.length > 2) layout = stringOperand(v[2]!, 1);
  } else if (v instanceof RegoNumber) {
    ns = v;
  } else {
    throw operandTypeError(1, TIME_OPERAND, v);
  }
  const exact = int64Of(ns);
  if (exact === undefined) throw builtinError("timestamp too big");
  return { t: instantOf(exact), zone, layout };
}

function parseLayout(layout: string, value: string): RegoNumber {
  const t = asBuiltinError(GoTimeParseError, () => parseGoLayout(NAMED_LAYOUTS.get(layout) ?? layout, value));
  return unixNano(t);
}

const int = (n: number) => RegoNumber.fromInt(n);

/** time.diff: years, months, days, hours, minutes and seconds between two instants. */
function diff(a: Value, b: Value): Value {
  const first = zonedTime(a);
  const second = zonedTime(b);
  // Both wall clocks are read in the first operand's zone.
  let t1 = first.t;
  let t2 = second.t;
  if (t1.sec > t2.sec || (t1.sec === t2.sec && t1.nsec > t2.nsec)) [t1, t2] = [t2, t1];
  const w1 = wallClock(t1, first.zone);
  const w2 = wallClock(t2, first.zone);
  let year = w2.year - w1.year;
  let month = w2.month - w1.month;
  let day = w2.day - w1.day;
  let hour = w2.hour - w1.hour;
  let minute = w2.minute - w1.minute;
  let second_ = w2.second - w1.second;
  if (second_ < 0) {
    second_ += 60;
    minute--;
  }
  if (minute < 0) {
    minute += 60;
    hour--;
  }
  if (hour < 0) {
    hour += 24;
    day--;
  }
  if (day < 0) {
    day += daysIn(w1.month, w1.year);
    month--;
  }
  if (month < 0) {
    month += 12;
    year--;
  }
  return [int(year), int(month), int(day), int(hour), int(minute), int(second_)];
}

export const timeBuiltins: BuiltinDef[] = [
  {
    name: "time.now_ns",
    arity: 0,
    nondeterministic: true,
    impl: (_args, ctx) => RegoNumber.fromInt(ctx.nowNs()),
  },
  {
    name: "time.parse_ns",
    arity: 2,
    impl: ([layout, value]) => parseLayout(stringOperand(layout!, 1), stringOperand(value!, 2)),
  },
  {
    name: "time.parse_rfc3339_ns",
    arity: 1,
    impl: ([value]) => parseLayout(RFC3339, stringOperand(value!, 1)),
  },
  {
    name: "time.parse_duration_ns",
    arity: 1,
    impl: ([text]) => {
      const s = stringOperand(text!, 1);
      return RegoNumber.fromInt(asBuiltinError(GoDurationError, () => parseGoDuration(s)));
    },
  },
  {
    name: "time.format",
    arity: 1,
    impl: ([x]) => {
      const { t, zone, layout } = zonedTime(x!);
      const goLayout = layout === "" ? RFC3339_NANO : (NAMED_LAYOUTS.get(layout) ?? layout);
      return formatGoLayout(goLayout, wallClock(t, zone));
    },
  },
  {
    name: "time.date",
    arity: 1,
    impl: ([x]) => {
      const { t, zone } = zonedTime(x!);
      const w = wallClock(t, zone);
      return [int(w.year), int(w.month), int(w.day)];
    },
  },
  {
    name: "time.clock",
    arity: 1,
    impl: ([x]) => {
      const { t, zone } = zonedTime(x!);
      const w = wallClock(t, zone);
      return [int(w.hour), int(w.minute), int(w.second)];
    },
  },
  {
    name: "time.weekday",
    arity: 1,
    impl: ([x]) => {
      const { t, zone } = zonedTime(x!);
      return LONG_DAY_NAMES[wallClock(t, zone).weekday]!;
    },
  },
  {
    name: "time.add_date",
    arity: 4,
    impl: ([x, years, months, days]) => {
      const { t, zone } = zonedTime(x!);
      const dy = intOperand(years!, 2);
      const dm = intOperand(months!, 3);
      const dd = intOperand(days!, 4);
      const w = wallClock(t, zone);
      // Go's AddDate: add to the wall clock fields, then normalise (Oct 31 + 1 month = Dec 1).
      return unixNano(
        fromWallClock(w.year + dy, w.month + dm, w.day + dd, w.hour, w.minute, w.second, w.nsec, zone),
      );
    },
  },
  {
    name: "time.diff",
    arity: 2,
    impl: ([a, b]) => diff(a!, b!),
  },
];
