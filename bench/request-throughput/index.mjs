// request-throughput: closed-loop clients (1, 10, 50) running the auto-approved flow (submit →
// ACTIVE) and the human flow (submit, approve → ACTIVE) against `jitsudod serve` over HTTP, on
// PGlite and on PostgreSQL, next to the floor: bare single-row INSERT commits per second on the
// same kind of database with the same concurrency.
import { benchDatabase } from "../lib/jitsudod.mjs";
import { deploy } from "../lib/deployment.mjs";
import { measureChainAppends, measureFloor } from "../lib/floor.mjs";
import { FLOWS, flowTokens } from "../lib/flows.mjs";
import { closedLoop } from "../lib/load.mjs";
import { fmt } from "../lib/report.mjs";
import { benchStores } from "../lib/stores.mjs";

const CLIENTS = [1, 10, 50];

export async function run({ quick }) {
  const timing = quick ? { warmupMs: 500, durationMs: 2000 } : { warmupMs: 2000, durationMs: 10_000 };
  const rows = [];
  const measurements = [];
  for (const store of benchStores(["pglite", "postgres"])) {
    const deployment = await deploy({ store, users: Math.max(...CLIENTS) });
    try {
      const server = deployment.server;
      const tokens = await flowTokens(deployment.idp, Math.max(...CLIENTS));
      await server.resetPeak();
      const results = [];
      for (const [flowName, flow] of Object.entries(FLOWS)) {
        for (const clients of CLIENTS) {
          const r = await closedLoop({ clients, ...timing, flow: (c) => flow(server, tokens, c) });
          results.push({ flow: flowName, ...r });
        }
      }
      const { peakMb } = await server.memory();
      // PGlite is in the server's process: the floor gets a PGlite of its own on the same disk.
      const floorDb = store === "postgres" ? deployment.database : await benchDatabase("pglite");
      const floors = new Map();
      const chain = new Map();
      try {
        for (const clients of CLIENTS) {
          floors.set(clients, await measureFloor(floorDb, clients, timing));
          chain.set(clients, await measureChainAppends(floorDb, clients, timing));
        }
      } finally {
        if (floorDb !== deployment.database) await floorDb.drop();
      }
      for (const r of results) {
        const floor = floors.get(r.clients);
        rows.push([
          store,
          r.flow,
          r.clients,
          fmt.rate(r.perSecond),
          fmt.ms(r.p50),
          fmt.ms(r.p95),
          fmt.ms(r.p99),
          fmt.rate(floor.perSecond),
          `${((100 * r.perSecond) / floor.perSecond).toFixed(1)}%`,
          fmt.rate(chain.get(r.clients).perSecond),
        ]);
      }
      measurements.push({
        store,
        results,
        floors: Object.fromEntries(floors),
        chainAppends: Object.fromEntries(chain),
        serverPeakRssMb: peakMb,
      });
    } finally {
      await deployment.close();
    }
  }
  return {
    title: "request flows per second over HTTP (closed loop) and the bare-commit floor",
    columns: [
      "store",
      "flow",
      "clients",
      "flows/s",
      "p50",
      "p95",
      "p99",
      "floor commits/s",
      "flows / floor",
      "chain appends/s",
    ],
    rows,
    notes: [
      `Peak RSS of jitsudod during the runs: ${measurements.map((m) => `${m.store} ${m.serverPeakRssMb.toFixed(0)} MB`).join(", ")}.`,
      "Targets (issue 5): auto flow on PostgreSQL with 50 clients ≥ 25% of the floor with p99 ≤ 50 ms; on PGlite ≥ 200 flows/s.",
      "chain appends/s: one-event transactions through the audit append path with as many clients. Each takes the chain head lock until it commits, so they run one at a time; an auto-approved flow makes two (submit, grant) and a human flow three, which bounds flows/s at about half (a third) of that column.",
    ],
    measurements,
  };
}
