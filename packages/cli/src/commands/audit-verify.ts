/** `jitsudo audit verify [--file export.json]`: the hash chain, checked by the server or offline. */
import { createReadStream } from "node:fs";
import { AuditEventSchema } from "@jitsudo/client";
import { ChainVerifier } from "../audit/chain.js";
import { JsonArrayError, jsonArrayElements } from "../audit/json-array-stream.js";
import type { Context } from "../context.js";
import { CliError } from "../errors.js";
import { EXIT } from "../exit-codes.js";

interface VerifyReport {
  ok: boolean;
  events_verified: number;
  head_id: number | null;
  head_hash: string | null;
  first_bad_id: number | null;
  problem: string | null;
  first_id?: number | null;
}

export async function run(ctx: Context, _args: string[], opts: { file?: string }): Promise<number> {
  const report =
    opts.file === undefined ? await (await ctx.client()).verifyAudit() : await verifyFile(opts.file);
  const { printer } = ctx;
  await printer.emit({
    document: report,
    quiet: () => (report.ok ? "ok" : "broken"),
    human: () => describe(report),
  });
  return report.ok ? EXIT.ok : EXIT.failure;
}

async function verifyFile(path: string): Promise<VerifyReport> {
  const verifier = new ChainVerifier();
  let index = 0;
  try {
    for await (const element of jsonArrayElements(createReadStream(path, { encoding: "utf8" }))) {
      const parsed = AuditEventSchema.safeParse(element);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new CliError(
          `${path}: element ${index + 1} is not an audit event (${issue.path.join(".") || "value"}: ${issue.message})`,
        );
      }
      verifier.add(parsed.data);
      index++;
    }
  } catch (err) {
    if (err instanceof JsonArrayError) {
      throw new CliError(
        `${path}: ${err.message}`,
        EXIT.failure,
        "export the log with: jitsudo audit --all -o json > export.json",
      );
    }
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new CliError(`no such file: ${path}`);
    throw err;
  }
  return verifier.report();
}

function describe(r: VerifyReport): string {
  if (!r.ok) {
    return `Chain broken at event ${r.first_bad_id}: ${r.problem}\n${r.events_verified} events verified before it.`;
  }
  if (r.events_verified === 0) return "Chain intact: no events to verify.";
  const head = r.head_hash ? ` (head ${r.head_hash.slice(0, 6)}…)` : "";
  const partial =
    r.first_id !== undefined && r.first_id !== null && r.first_id > 1
      ? `\nThe export starts at event ${r.first_id}; its link to the events before it was not checked.`
      : "";
  return `Chain intact: ${r.events_verified} events verified${head}${partial}`;
}
