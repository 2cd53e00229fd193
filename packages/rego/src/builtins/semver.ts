// semver.compare and semver.is_valid with OPA's internal/semver rules: an optional leading "v",
// exactly three int64 parts (as Go's ParseInt reads them: a sign and leading zeros are fine),
// and pre-release and build identifiers of [0-9A-Za-z-] separated by dots.
import { goQuote, RegoNumber } from "../value/index.js";
import { builtinError, stringOperand } from "./operands.js";
import type { BuiltinDef } from "./registry.js";

interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  preRelease: string;
}

const IDENTIFIERS = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** strings.Cut on the first sep; the second part is "" when sep is absent. */
function cut(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)];
}

/** strconv.ParseInt(s, 10, 64). */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

function parseVersion(text: string): Version | undefined {
  const [rest, metadata] = cut(text.startsWith("v") ? text.slice(1) : text, "+");
  if (metadata !== "" && !IDENTIFIERS.test(metadata)) return undefined;
  const [version, preRelease] = cut(rest, "-");
  if (preRelease !== "" && !IDENTIFIERS.test(preRelease)) return undefined;
  if (version.split(".").length !== 3) return undefined;
  const [major, minor, patch] = version.split(".").map(parseInt64);
  if (major === undefined || minor === undefined || patch === undefined) return undefined;
  return { major, minor, patch, preRelease };
}

const sign = (a: bigint | string, b: bigint | string) => (a > b ? 1 : a < b ? -1 : 0);

/** strconv.Atoi of an all-digit identifier, which saturates at the int64 maximum. */
const saturatedInt = (s: string) => (BigInt(s) > INT64_MAX ? INT64_MAX : BigInt(s));

/** SemVer precedence of pre-release strings, neither empty nor equal. */
function comparePreRelease(a: string, b: string): number {
  let [x, restA] = cut(a, ".");
  let [y, restB] = cut(b, ".");
  for (;;) {
    if (x === "" && y !== "") return -1;
    if (x !== "" && y === "") return 1;
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    // numeric identifiers have lower precedence than alphanumeric ones
    if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
    const c = xNumeric ? sign(saturatedInt(x), saturatedInt(y)) : sign(x, y);
    if (c !== 0) return c;
    // with all earlier identifiers equal, more identifiers take precedence
    if (restA !== "" && restB === "") return 1;
    if (restA === "" && restB !== "") return -1;
    [x, restA] = cut(restA, ".");
    [y, restB] = cut(restB, ".");
  }
}

function compareVersions(a: Version, b: Version): number {
  const c = sign(a.major, b.major) || sign(a.minor, b.minor) || sign(a.patch, b.patch);
  if (c !== 0 || a.preRelease === b.preRelease) return c;
  // a version without a pre-release takes precedence over one with
  if (a.preRelease === "") return 1;
  if (b.preRelease === "") return -1;
  return comparePreRelease(a.preRelease, b.preRelease);
}

function versionOf(text: string, pos: number): Version {
  const version = parseVersion(text);
  if (!version) throw builtinError(`operand ${pos}: string ${goQuote(text)} is not a valid SemVer`);
  return version;
}

export const semverBuiltins: BuiltinDef[] = [
  {
    name: "semver.compare",
    arity: 2,
    impl: ([a, b]) => {
      const x = stringOperand(a!, 1);
      const y = stringOperand(b!, 2);
      return RegoNumber.fromInt(compareVersions(versionOf(x, 1), versionOf(y, 2)));
    },
  },
  {
    name: "semver.is_valid",
    arity: 1,
    impl: ([v]) => typeof v === "string" && parseVersion(v) !== undefined,
  },
];
