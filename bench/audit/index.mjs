// audit: the append rate under 10 concurrent writers (the real append path) next to bare commits;
// the time and peak memory of GET /audit/verify over a chain of 1,000,000 events next to its
// floors (reading the events once, and SHA-256 over the bytes the chain hashes); and the latency
// of GET /audit filtered by request, by actor and by time range on that log.
import { API, deploy } from "../lib/deployment.mjs";
import { measureChainAppends, measureFloor } from "../lib/floor.mjs";
import { FLOWS, flowTokens } from "../lib/flows.mjs";
import { ADMIN } from "../lib/idp.mjs";
import { benchDatabase } from "../lib/jitsudod.mjs";
import { percentile } from "../lib/measure.mjs";
import { fmt } from "../lib/report.mjs";
import { benchStores } from "../lib/stores.mjs";
import { ACTORS, actor, loadChain, migrate } from "./chain-loader.mjs";
import { verifyFloors } from "./floors.mjs";

const WRITERS = 10;
const SPAN_MS = 30 * 24 * 3600_000;

export async function run({ quick }) {
  const events = quick ? 100_000 : 1_000_000;
  const queries = quick ? 50 : 300;
  const timing = quick ? { warmupMs: 300, durationMs: 2000 } : { warmupMs: 1000, durationMs: 5000 };
  const rows = [];
  const measurements = [];
  for (const store of benchStores(["postgres"])) {
    const database = await benchDatabase(store);
    let deployment;
    try {
      const { appends, floor } = await appendRate(store, timing);
      await migrate(database);
      const loaded = await loadChain(database, events, SPAN_MS);

      deployment = await deploy({ store, database, users: 1 });
      const server = deployment.server;
      const admin = await deployment.idp.token(ADMIN);
      const tokens = await flowTokens(deployment.idp, 1);
      for (let i = 0; i < 10; i++) await FLOWS.auto(server, tokens, 0); // the live path continues the chain

      await server.resetPeak();
      const t0 = performance.now();
      const verified = await server.client.expect(200, "GET", `${API}/audit/verify`, { token: admin });
      const verifyMs = performance.now() - t0;
      const { peakMb } = await server.memory();
      if (!verified.ok) throw new Error(`the chain did not verify: ${JSON.stringify(verified)}`);

      const query = (q) =>
        server.client.expect(200, "GET", `${API}/audit?${new URLSearchParams(q)}`, { token: admin });
      const pick = (list) => list[Math.floor(Math.random() * list.length)];
      const hour = 3600_000;
      const windowStart = () => Date.now() - SPAN_MS + Math.random() * (SPAN_MS - hour);
      const filters = {
        "by request": () => ({ request_id: pick(loaded.requestIds) }),
        "by actor": () => ({ actor_identity: actor(Math.floor(Math.random() * ACTORS)) }),
        "by time range (1 h)": () => {
          const since = windowStart();
          return { since: new Date(since).toISOString(), until: new Date(since + hour).toISOString() };
        },
      };
      const latencies = {};
      for (const [name, params] of Object.entries(filters)) {
        for (let i = 0; i < 20; i++) await query(params()); // warm-up
        const ms = [];
        for (let i = 0; i < queries; i++) {
          const q = params();
          const s = performance.now();
          const page = await query(q);
          ms.push(performance.now() - s);
          if (page.events.length === 0) throw new Error(`GET /audit ${JSON.stringify(q)} found nothing`);
        }
        latencies[name] = { p50: percentile(ms, 50), p99: percentile(ms, 99), max: percentile(ms, 100) };
      }
      await deployment.server.stop();
      const floors = await verifyFloors(database);
      const budgetMs = 3 * floors.hashMs + floors.readMs;

      rows.push(
        [
          store,
          `append, ${WRITERS} writers`,
          `${fmt.rate(appends.perSecond)} (p99 ${fmt.ms(appends.p99)})`,
          `${fmt.rate(floor.perSecond)} bare commits`,
          fmt.ratio(floor.perSecond / appends.perSecond),
        ],
        [
          store,
          `bulk load of ${events.toLocaleString("en")} events`,
          `${(loaded.seconds).toFixed(1)} s`,
          "—",
          "—",
        ],
        [
          store,
          `verify ${verified.events_verified.toLocaleString("en")} events`,
          `${(verifyMs / 1000).toFixed(2)} s, peak RSS ${peakMb.toFixed(0)} MB`,
          `read ${(floors.readMs / 1000).toFixed(2)} s + SHA-256 ${(floors.hashMs / 1000).toFixed(2)} s`,
          `${(verifyMs / budgetMs).toFixed(2)} of 3×SHA+read`,
        ],
        ...Object.entries(latencies).map(([name, l]) => [
          store,
          `GET /audit ${name}`,
          `p50 ${fmt.ms(l.p50)}, p99 ${fmt.ms(l.p99)}`,
          "—",
          "—",
        ]),
      );
      measurements.push({
        store,
        appends,
        floor,
        load: { events, seconds: loaded.seconds },
        verify: { ms: verifyMs, peakRssMb: peakMb, result: verified },
        floors,
        latencies,
      });
    } finally {
      if (deployment) await deployment.close();
      else await database.drop();
    }
  }
  return {
    title: "audit log: append rate, verification of a long chain, filtered queries",
    columns: ["store", "what", "measured", "floor", "vs floor"],
    rows,
    notes: [
      "Targets (issue 5): verify 1,000,000 events in ≤ 3 × the SHA-256 floor + the read time, peak RSS under 300 MB; filtered queries p99 ≤ 10 ms.",
      "Verify is timed over HTTP (GET /audit/verify on jitsudod serve); the floors read and hash the same rows from the bench process.",
    ],
    measurements,
  };
}

/** Appends through the product's path and bare commits, on a database of their own. */
async function appendRate(kind, timing) {
  const database = await benchDatabase(kind);
  try {
    const appends = await measureChainAppends(database, WRITERS, timing);
    return { appends, floor: await measureFloor(database, WRITERS, timing) };
  } finally {
    await database.drop();
  }
}
