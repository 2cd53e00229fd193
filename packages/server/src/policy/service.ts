/**
 * Stored policies (spec 04 "Lifecycle", spec 02 routes): CRUD with compile-before-save, audit
 * events `policy.*`, dry-run, and keeping this instance's compiled set current — at once after a
 * local change, on NOTIFY from other instances, and every `policy.reload_interval`.
 */
import { asc, eq } from "drizzle-orm";
import type { Logger } from "pino";
import { newUlid } from "../ulid.js";
import { appendAuditEvent } from "../audit/index.js";
import type { Caller } from "../auth/principal.js";
import { invalidArgument, notFound, permissionDenied } from "../errors.js";
import type { Store } from "../store/index.js";
import { policies } from "../store/schema.js";
import { type DryRunResult, type PolicyRuntime, type SkippedPolicy, sha256Hex } from "./runtime.js";
import { POLICY_TYPES, type PolicyType } from "./types.js";

export const POLICY_CHANNEL = "jitsudo_policies";
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface PolicyView {
  id: string;
  name: string;
  type: PolicyType;
  rego?: string;
  description: string;
  enabled: boolean;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export interface ApplyPolicyInput {
  name: string;
  type: PolicyType;
  rego: string;
  description?: string;
  enabled?: boolean;
}

export interface EvalPolicyInput {
  input: Record<string, unknown>;
  type?: PolicyType;
  rego?: string;
}

type PolicyRow = typeof policies.$inferSelect;

export interface PolicyServiceDeps {
  readonly store: Store;
  readonly runtime: PolicyRuntime;
  readonly log: Logger;
  readonly reloadIntervalMs: number;
  readonly now?: () => Date;
}

export class PolicyService {
  readonly #d: PolicyServiceDeps;
  readonly #now: () => Date;
  #timer: NodeJS.Timeout | undefined;
  #unlisten: (() => Promise<void> | void) | undefined;
  #lastReloadError: string | undefined;
  #reloading: Promise<number> | undefined;

  constructor(deps: PolicyServiceDeps) {
    this.#d = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Loads the stored set, then follows changes (NOTIFY and the periodic safety-net reload). */
  async start(): Promise<void> {
    await this.reload();
    this.#unlisten = await this.#d.store.listen(POLICY_CHANNEL, () => this.#reloadInBackground("notify"));
    this.#timer = setInterval(() => this.#reloadInBackground("interval"), this.#d.reloadIntervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#unlisten?.();
    this.#unlisten = undefined;
  }

  /** Recompiles the stored set and swaps it in; returns how many policies are loaded. */
  reload(): Promise<number> {
    // Reloads triggered while one runs share it instead of piling up.
    this.#reloading ??= this.#load().finally(() => {
      this.#reloading = undefined;
    });
    return this.#reloading;
  }

  /** `POST /admin/reload-policies`. */
  async adminReload(caller: Caller): Promise<{ policies_loaded: number }> {
    if (!caller.admin) throw permissionDenied("only an admin may reload policies");
    return { policies_loaded: await this.reload() };
  }

  /** For /readyz: not ready until a set is loaded; skipped policies and reload failures are reported. */
  readiness(): { ready: boolean; problems: string[] } {
    const problems = this.#d.runtime.skipped.map(
      (s: SkippedPolicy) => `policy ${s.name} skipped: ${s.error}`,
    );
    if (this.#lastReloadError) problems.push(`policy reload failed: ${this.#lastReloadError}`);
    return { ready: this.#d.runtime.ready, problems };
  }

  async list(_caller: Caller, type?: PolicyType): Promise<PolicyView[]> {
    const rows = await this.#d.store.db
      .select()
      .from(policies)
      .where(type === undefined ? undefined : eq(policies.type, type))
      .orderBy(asc(policies.name));
    return rows.map((r) => toView(r, false));
  }

  async get(_caller: Caller, id: string): Promise<PolicyView> {
    const [row] = await this.#d.store.db.select().from(policies).where(eq(policies.id, id));
    if (!row) throw notFound(`policy ${id} not found`);
    return toView(row, true);
  }

  /** Upsert by name. The source is compiled first (enabled or not); a failure changes nothing. */
  async apply(caller: Caller, input: ApplyPolicyInput): Promise<PolicyView> {
    if (!caller.admin) throw permissionDenied("only an admin may apply policies");
    if (!NAME_PATTERN.test(input.name)) {
      throw invalidArgument(
        "name: 1-128 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
      );
    }
    if (!(POLICY_TYPES as readonly string[]).includes(input.type)) {
      throw invalidArgument(`type: must be one of ${POLICY_TYPES.join(", ")}`);
    }
    this.#d.runtime.compile(input.name, input.type, input.rego);

    const enabled = input.enabled ?? true;
    const now = this.#now();
    const values = {
      type: input.type,
      rego: input.rego,
      description: input.description ?? "",
      enabled,
      updatedAt: now,
      updatedBy: caller.identity,
    };
    const saved = await this.#d.store.transaction(async (tx) => {
      const [created] = await tx
        .insert(policies)
        .values({ id: `pol_${newUlid()}`, name: input.name, createdAt: now, ...values })
        .onConflictDoNothing({ target: policies.name })
        .returning();
      let row = created;
      if (!row) {
        [row] = await tx.update(policies).set(values).where(eq(policies.name, input.name)).returning();
      }
      await appendAuditEvent(tx, {
        actor: caller.identity,
        action: created ? "policy.created" : "policy.updated",
        details: auditDetails(row),
      });
      return row;
    });
    await this.#changed();
    return toView(saved, true);
  }

  async delete(caller: Caller, id: string): Promise<void> {
    if (!caller.admin) throw permissionDenied("only an admin may delete policies");
    await this.#d.store.transaction(async (tx) => {
      const [row] = await tx.delete(policies).where(eq(policies.id, id)).returning();
      if (!row) throw notFound(`policy ${id} not found`);
      await appendAuditEvent(tx, {
        actor: caller.identity,
        action: "policy.deleted",
        details: auditDetails(row),
      });
    });
    await this.#changed();
  }

  /** `POST /policies:eval`: the stored set of `type` (default eligibility) or an unsaved source. */
  eval(_caller: Caller, body: EvalPolicyInput): DryRunResult {
    return this.#d.runtime.dryRun(body.type ?? "eligibility", body.input, body.rego);
  }

  async #load(): Promise<number> {
    try {
      const rows = await this.#d.store.db.select().from(policies).where(eq(policies.enabled, true));
      const { loaded } = this.#d.runtime.load(
        rows.map((r) => ({
          id: r.id,
          name: r.name,
          type: r.type as PolicyType,
          rego: r.rego,
          enabled: r.enabled,
        })),
      );
      this.#lastReloadError = undefined;
      return loaded;
    } catch (err) {
      this.#lastReloadError = err instanceof Error ? err.message : String(err);
      this.#d.log.error({ err: this.#lastReloadError }, "policy reload failed; keeping the previous set");
      throw err;
    }
  }

  #reloadInBackground(trigger: string): void {
    this.reload().catch(() => {
      this.#d.log.warn({ trigger }, "background policy reload failed");
    });
  }

  /** After a local change: swap in the new set here at once and tell the other instances. */
  async #changed(): Promise<void> {
    // The change is committed; a failed local reload is logged and retried by the next trigger.
    await this.reload().catch(() => undefined);
    await this.#d.store.notify(POLICY_CHANNEL, "changed");
  }
}

function auditDetails(row: PolicyRow) {
  return {
    policy_name: row.name,
    policy_type: row.type,
    enabled: row.enabled,
    rego_sha256: sha256Hex(row.rego),
  };
}

function toView(row: PolicyRow, withRego: boolean): PolicyView {
  return {
    id: row.id,
    name: row.name,
    type: row.type as PolicyType,
    ...(withRego ? { rego: row.rego } : {}),
    description: row.description ?? "",
    enabled: row.enabled,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    updated_by: row.updatedBy ?? "",
  };
}
