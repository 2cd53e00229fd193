// OPA's ast.Number.Int64 (util.Atoi64 on the number's literal text): an optional sign, at most 19
// digits, and a fractional part only of zeros, so "+1" and "1.0" are 1 while "1e3" is no integer.

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

export function atoi64(text: string): bigint | undefined {
  const m = /^([+-]?)(\d+)(?:\.0*)?$/.exec(text);
  if (!m || text.replace(/^[+-]/, "").length > 19) return undefined;
  const n = m[1] === "-" ? -BigInt(m[2]!) : BigInt(m[2]!);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}
