// memory: resident set size of jitsudod serve, idle on a new database and after restarts on it,
// at its peak under the auto-approved flow with 50 closed-loop clients, and idle again after that.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { deploy } from "../lib/deployment.mjs";
import { FLOWS, flowTokens } from "../lib/flows.mjs";
import { closedLoop } from "../lib/load.mjs";
import { percentile } from "../lib/measure.mjs";
import { memoryOf } from "../lib/proc.mjs";
import { fmt } from "../lib/report.mjs";
import { benchStores } from "../lib/stores.mjs";

const CLIENTS = 50;
const RESTARTS = 3;

/** An HTTP server that answers nothing, on the same Node: what any Node service starts from. */
const BARE_HTTP_SERVER = `require("node:http").createServer((q, r) => r.end()).listen(0, "127.0.0.1", () => console.log("up"));`;

async function bareNodeRssMb(settleMs) {
  const child = spawn(process.execPath, ["-e", BARE_HTTP_SERVER], {
    env: { PATH: process.env.PATH },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await once(child.stdout, "data");
    await new Promise((r) => setTimeout(r, settleMs));
    return (await memoryOf(child.pid)).rssMb;
  } finally {
    child.kill();
  }
}

export async function run({ quick }) {
  const settleMs = quick ? 2000 : 5000;
  const timing = quick ? { warmupMs: 500, durationMs: 3000 } : { warmupMs: 1000, durationMs: 10_000 };
  // After a load V8's memory reducer gives the heap back within seconds, once allocation stops.
  const afterLoadMs = quick ? 5000 : 15_000;
  const idle = async (server, ms = settleMs) => {
    await new Promise((r) => setTimeout(r, ms));
    return (await server.memory()).rssMb;
  };
  const rows = [];
  const measurements = [];
  for (const store of benchStores(["pglite", "postgres"])) {
    const deployment = await deploy({ store, users: CLIENTS });
    try {
      const firstStart = await idle(deployment.server);
      // Starts of the same build vary by a few MB (what V8 compiles when), so the median of several.
      const restarts = [];
      for (let i = 0; i < RESTARTS; i++) restarts.push(await idle(await deployment.restart()));
      const restarted = percentile(restarts, 50);
      const server = deployment.server;
      const tokens = await flowTokens(deployment.idp, CLIENTS);
      await server.resetPeak();
      const load = await closedLoop({
        clients: CLIENTS,
        ...timing,
        flow: (c) => FLOWS.auto(server, tokens, c),
      });
      const { peakMb } = await server.memory();
      const afterLoad = await idle(server, afterLoadMs);
      const m = {
        store,
        firstStartMb: firstStart,
        restartedMb: restarted,
        restartsMb: restarts,
        peakUnderLoadMb: peakMb,
        afterLoadMb: afterLoad,
        load,
      };
      measurements.push(m);
      const mb = (v) => `${v.toFixed(0)} MB`;
      rows.push([
        store,
        mb(firstStart),
        `${mb(restarted)} (${Math.min(...restarts).toFixed(0)}–${Math.max(...restarts).toFixed(0)})`,
        `${mb(peakMb)} (${fmt.rate(load.perSecond)})`,
        mb(afterLoad),
      ]);
    } finally {
      await deployment.close();
    }
  }
  const bareMb = await bareNodeRssMb(settleMs);
  return {
    title: `RSS of jitsudod serve: idle, and under the auto flow with ${CLIENTS} clients`,
    columns: [
      "store",
      "idle, new database",
      `idle, restarted (median of ${RESTARTS}, range)`,
      "peak under load (flows/s)",
      "idle after the load",
    ],
    rows,
    notes: [
      "Targets (issue 5): idle RSS ≤ 150 MB on PGlite, ≤ 100 MB on PostgreSQL.",
      `For scale: a bare Node HTTP server (same Node ${process.version}, nothing loaded) idles at ${bareMb.toFixed(0)} MB.`,
      `Idle is the RSS ${settleMs / 1000} s after /readyz answered (${afterLoadMs / 1000} s after the load ended); the peak is the kernel's high-water mark (VmHWM) during the load.`,
    ],
    measurements,
    bareNodeHttpServerMb: bareMb,
  };
}
