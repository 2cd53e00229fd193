// cli-startup: wall time of `jitsudo --version` and `jitsudo status <id>` (against a loopback
// stand-in that answers at once), next to `node -e 0` on the same Node binary (the floor).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { percentile } from "../lib/measure.mjs";
import { fmt } from "../lib/report.mjs";

const BIN = fileURLToPath(new URL("../../packages/cli/dist/bin/jitsudo.js", import.meta.url));
const REQUEST_ID = "req_01J8KZ4F2EMNQZ3V7XKQYBD4W";

export async function run({ quick }) {
  const samples = quick ? 7 : 25;
  const server = await standIn();
  const home = mkdtempSync(join(tmpdir(), "jitsudo-bench-"));
  writeFileSync(
    join(home, "credentials"),
    `server_url: ${server.url}\ntoken: bench-token\nexpires_at: ${new Date(Date.now() + 3600_000).toISOString()}\n`,
    { mode: 0o600 },
  );
  const env = { PATH: process.env.PATH, HOME: home, JITSUDO_HOME: home, NO_COLOR: "1" };
  const cases = [
    { name: "node -e 0 (floor)", args: ["-e", "0"], env },
    { name: "jitsudo --version", args: [BIN, "--version"], env },
    { name: "jitsudo --help", args: [BIN, "--help"], env },
    { name: `jitsudo status <id>`, args: [BIN, "status", REQUEST_ID], env },
    {
      name: "jitsudo status <id>, no compile cache",
      args: [BIN, "status", REQUEST_ID],
      env: { ...env, NODE_DISABLE_COMPILE_CACHE: "1" },
    },
  ];
  try {
    const measurements = [];
    for (const c of cases)
      measurements.push({ name: c.name, ...(await timeCommand(c.args, c.env, samples)) });
    const floor = measurements[0].medianMs;
    return {
      title: "wall time of a CLI invocation (spawn to exit), median and p90 of repeated runs",
      columns: ["command", "median", "p90", "× node -e 0"],
      rows: measurements.map((m) => [
        m.name,
        fmt.ms(m.medianMs),
        fmt.ms(m.p90Ms),
        fmt.ratio(m.medianMs / floor),
      ]),
      notes: [
        "Target (spec 11, issue 5): jitsudo --version within 1.5× of node -e 0.",
        "status <id> includes one HTTP round trip to a loopback stand-in that answers at once; the compile cache is warm after the first run.",
      ],
      measurements,
    };
  } finally {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Runs `node <args>` `samples` times after two warm-up runs, checking that it succeeds. Spawned
 * asynchronously so that the stand-in in this process can answer meanwhile.
 */
async function timeCommand(args, env, samples) {
  const once = () =>
    new Promise((resolve, reject) => {
      const start = process.hrtime.bigint();
      const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("close", (code) => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (code === 0) resolve(ms);
        else reject(new Error(`node ${args.join(" ")} exited ${code}: ${stderr}`));
      });
    });
  await once();
  await once();
  const times = [];
  for (let i = 0; i < samples; i++) times.push(await once());
  return { medianMs: percentile(times, 50), p90Ms: percentile(times, 90), samples: times.length };
}

/** Answers GET /api/v1alpha1/requests/{id} with a fixed request, like jitsudod would. */
async function standIn() {
  const now = new Date().toISOString();
  const request = {
    id: REQUEST_ID,
    state: "ACTIVE",
    requester_identity: "alice@example.com",
    provider: "aws",
    role: "sandbox-readonly",
    resource_scope: "123456789012",
    duration_seconds: 1800,
    reason: "benchmark",
    break_glass: false,
    metadata: {},
    approver_tier: "human",
    approver_identity: "bob@example.com",
    approver_comment: null,
    ai_reasoning: null,
    created_at: now,
    updated_at: now,
    approved_at: now,
    activated_at: now,
    expires_at: now,
    ended_at: null,
    last_error: null,
  };
  const body = JSON.stringify({ request });
  const server = createServer((req, res) => {
    if (req.url === `/api/v1alpha1/requests/${REQUEST_ID}`)
      res.writeHead(200, { "content-type": "application/json" }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
