/** `jitsudo policy eval --input <json|@file> [--type] [--file <unsaved.rego>]`: a dry run. */
import type { PolicyType } from "@jitsudo/client";
import type { Context } from "../context.js";
import { usageError } from "../errors.js";
import { readUserFile } from "../files.js";
import { rethrowWithLocations } from "../policy/compile-errors.js";

interface EvalOptions {
  input: string;
  type?: PolicyType;
  file?: string;
}

/** The name the server gives an unsaved source it compiles for a dry run. */
const UNSAVED = "unsaved";

export async function run(ctx: Context, _args: string[], opts: EvalOptions): Promise<void> {
  const input = await inputDocument(opts.input);
  const file = opts.file;
  const rego = file === undefined ? undefined : await readUserFile(file);
  const evaluation = (await ctx.client()).evalPolicy({ input, type: opts.type, rego });
  const result = await (file === undefined
    ? evaluation
    : evaluation.catch((err: unknown) => rethrowWithLocations(err, UNSAVED, file)));
  const { printer } = ctx;
  await printer.emit({
    document: result,
    quiet: () => String(result.allowed),
    human: () => {
      const { green, red, dim } = printer.palette;
      const lines = [`allowed: ${result.allowed ? green("true") : red("false")}`, `reason: ${result.reason}`];
      if (result.approver_tier !== null) lines.push(`approver_tier: ${result.approver_tier}`);
      for (const r of result.results) {
        const tier = r.approver_tier === null ? "" : `, approver_tier ${r.approver_tier}`;
        lines.push(
          dim(`  ${r.policy}: ${r.allowed ? "allow" : "deny"}${r.reason ? ` (${r.reason})` : ""}${tier}`),
        );
      }
      return lines.join("\n");
    },
  });
}

async function inputDocument(text: string): Promise<Record<string, unknown>> {
  const json = text.startsWith("@") ? await readUserFile(text.slice(1)) : text;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw usageError(
      `--input is not valid JSON: ${(err as Error).message}`,
      "pass a JSON object, or @file.json",
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw usageError('--input must be a JSON object, e.g. \'{"user":{"groups":["sre"]}}\'');
  }
  return value as Record<string, unknown>;
}
