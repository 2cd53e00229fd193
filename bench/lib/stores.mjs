// Which stores a benchmark runs on: JITSUDO_BENCH_STORES (e.g. "pglite", "postgres" or
// "pglite,postgres"), else the benchmark's own default.
const KNOWN = ["pglite", "postgres"];

export function benchStores(defaults) {
  const wanted =
    process.env.JITSUDO_BENCH_STORES?.split(",")
      .map((s) => s.trim())
      .filter(Boolean) ?? defaults;
  const unknown = wanted.filter((s) => !KNOWN.includes(s));
  if (unknown.length > 0)
    throw new Error(`JITSUDO_BENCH_STORES: unknown store ${unknown.join(", ")} (known: ${KNOWN.join(", ")})`);
  return wanted;
}
