/** `jitsudo server status`: liveness, readiness and version; exit 1 if any is down. */
import type { JitsudoClient, ProbeResult } from "@jitsudo/client";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { renderTable } from "../output/table.js";

interface Check {
  component: "liveness" | "readiness" | "version";
  status: "up" | "down";
  detail: string;
}

export async function run(ctx: Context, _args: string[], opts: { serverUrl?: string }): Promise<number> {
  const client = await ctx.anonymousClient(opts.serverUrl);
  const checks = await Promise.all([
    probe("liveness", () => client.healthz()),
    probe("readiness", () => client.readyz()),
    versionCheck(client),
  ]);
  const { printer } = ctx;
  const { green, red } = printer.palette;
  const up = checks.every((c) => c.status === "up");
  await printer.emit({
    document: { server: client.baseUrl, up, checks },
    quiet: () => (up ? "up" : "down"),
    human: () =>
      `Server ${client.baseUrl}\n${renderTable(
        ["COMPONENT", "STATUS", "DETAIL"],
        checks.map((c) => [c.component, c.status === "up" ? green("UP") : red("DOWN"), c.detail]),
        printer.palette,
      )}`,
  });
  return up ? EXIT.ok : EXIT.failure;
}

async function probe(component: "liveness" | "readiness", call: () => Promise<ProbeResult>): Promise<Check> {
  try {
    const result = await call();
    return { component, status: result.ok ? "up" : "down", detail: result.body || `HTTP ${result.status}` };
  } catch (err) {
    return { component, status: "down", detail: (err as Error).message };
  }
}

async function versionCheck(client: JitsudoClient): Promise<Check> {
  try {
    const v = await client.serverVersion();
    return { component: "version", status: "up", detail: `${v.version} (API ${v.api_versions.join(", ")})` };
  } catch (err) {
    return { component: "version", status: "down", detail: (err as Error).message };
  }
}
