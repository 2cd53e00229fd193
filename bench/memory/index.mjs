// memory: resident set size of jitsudod serve, idle on a new database and after a restart on it,
// at its peak under the auto-approved flow with 50 closed-loop clients, and idle again after that.
import { deploy } from "../lib/deployment.mjs";
import { FLOWS, flowTokens } from "../lib/flows.mjs";
import { closedLoop } from "../lib/load.mjs";
import { fmt } from "../lib/report.mjs";
import { benchStores } from "../lib/stores.mjs";

const CLIENTS = 50;

export async function run({ quick }) {
  const settleMs = quick ? 2000 : 5000;
  const timing = quick ? { warmupMs: 500, durationMs: 3000 } : { warmupMs: 1000, durationMs: 10_000 };
  const idle = async (server) => {
    await new Promise((r) => setTimeout(r, settleMs));
    return (await server.memory()).rssMb;
  };
  const rows = [];
  const measurements = [];
  for (const store of benchStores(["pglite", "postgres"])) {
    const deployment = await deploy({ store, users: CLIENTS });
    try {
      const firstStart = await idle(deployment.server);
      const server = await deployment.restart();
      const restarted = await idle(server);
      const tokens = await flowTokens(deployment.idp, CLIENTS);
      await server.resetPeak();
      const load = await closedLoop({
        clients: CLIENTS,
        ...timing,
        flow: (c) => FLOWS.auto(server, tokens, c),
      });
      const { peakMb } = await server.memory();
      const afterLoad = await idle(server);
      const m = {
        store,
        firstStartMb: firstStart,
        restartedMb: restarted,
        peakUnderLoadMb: peakMb,
        afterLoadMb: afterLoad,
        load,
      };
      measurements.push(m);
      const mb = (v) => `${v.toFixed(0)} MB`;
      rows.push([
        store,
        mb(firstStart),
        mb(restarted),
        `${mb(peakMb)} (${fmt.rate(load.perSecond)})`,
        mb(afterLoad),
      ]);
    } finally {
      await deployment.close();
    }
  }
  return {
    title: `RSS of jitsudod serve: idle, and under the auto flow with ${CLIENTS} clients`,
    columns: [
      "store",
      "idle, new database",
      "idle, restarted",
      "peak under load (flows/s)",
      "idle after the load",
    ],
    rows,
    notes: [
      "Targets (issue 5): idle RSS ≤ 150 MB on PGlite, ≤ 100 MB on PostgreSQL.",
      `Idle is the RSS ${settleMs / 1000} s after /readyz answered (or after the load ended); the peak is the kernel's high-water mark (VmHWM) during the load.`,
    ],
    measurements,
  };
}
