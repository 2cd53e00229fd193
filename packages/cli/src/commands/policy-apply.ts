/** `jitsudo policy apply -f <file.rego>`: create or replace a policy by name (admin). */
import { basename } from "node:path";
import type { PolicyType } from "@jitsudo/client";
import type { Context } from "../context.js";
import { readUserFile } from "../files.js";
import { rethrowWithLocations } from "../policy/compile-errors.js";

interface ApplyOptions {
  file: string;
  name?: string;
  type?: PolicyType;
  description?: string;
  disable?: boolean;
}

export async function run(ctx: Context, _args: string[], opts: ApplyOptions): Promise<void> {
  const rego = await readUserFile(opts.file);
  const name = opts.name ?? basename(opts.file).replace(/\.rego$/, "");
  const type = opts.type ?? typeFromPackage(rego) ?? "eligibility";
  const client = await ctx.client();
  const policy = await client
    .applyPolicy({ name, type, rego, description: opts.description, enabled: !opts.disable })
    .catch((err: unknown) => rethrowWithLocations(err, name, opts.file));
  await ctx.printer.emit({
    document: policy,
    quiet: () => policy.id,
    human: () =>
      `Policy ${policy.name} (${policy.type}) applied — id: ${policy.id}${policy.enabled ? "" : " (disabled)"}`,
  });
}

/** `package jitsudo.approval` → approval: the package a policy must declare already says its type. */
function typeFromPackage(rego: string): PolicyType | undefined {
  const match = /^\s*package\s+jitsudo\.(eligibility|approval)\b/m.exec(rego);
  return match ? (match[1] as PolicyType) : undefined;
}
