/**
 * Principals and their trust tiers (spec 02 "Principal", spec 03). A principal is created at tier 0
 * the first time it is seen; only an admin changes a tier, and every change is audited.
 */
import { asc, eq, gt, sql } from "drizzle-orm";
import { appendAuditEvent } from "../audit/index.js";
import type { Caller } from "../auth/principal.js";
import { invalidArgument, notFound, permissionDenied } from "../errors.js";
import { principals } from "../store/schema.js";
import { compileRowsQuery, type Db, type Store } from "../store/index.js";
import { decodeKeyToken, encodeKeyToken } from "./page-token.js";

export const MAX_TRUST_TIER = 4;

export interface PrincipalView {
  identity: string;
  trust_tier: number;
  notes: string | null;
  enrolled_by: string | null;
  enrolled_at: string | null;
  last_seen_at: string | null;
}

type PrincipalRow = typeof principals.$inferSelect;

/** Every authenticated call runs it, so it is compiled once (store/compiled.ts). */
const recordSeenQuery = compileRowsQuery<{ identity: string; now: Date }, typeof principals>(
  principals,
  (tx) =>
    tx
      .insert(principals)
      .values({ identity: sql.placeholder("identity"), trustTier: 0, lastSeenAt: sql.placeholder("now") })
      .onConflictDoUpdate({
        target: principals.identity,
        set: {
          lastSeenAt: sql`greatest(${principals.lastSeenAt}, ${sql.placeholder("now")}::timestamptz)`,
        },
      })
      .returning(),
);

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

export class PrincipalService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records that `identity` was seen now (creating it at tier 0) and returns its trust tier. */
  async recordSeen(identity: string, db: Db = this.store.db): Promise<number> {
    const now = this.now();
    const [row] = await recordSeenQuery(db, { identity, now });
    return row.trustTier;
  }

  /** The trust tier of `identity`: 0 for principals never seen. */
  async trustTier(identity: string, db: Db = this.store.db): Promise<number> {
    const [row] = await db
      .select({ trustTier: principals.trustTier })
      .from(principals)
      .where(eq(principals.identity, identity));
    return row?.trustTier ?? 0;
  }

  /** The principal itself or an admin. */
  async get(caller: Caller, identity: string): Promise<PrincipalView> {
    if (!caller.admin && caller.identity !== identity) {
      throw permissionDenied("only an admin may read another principal");
    }
    const [row] = await this.store.db.select().from(principals).where(eq(principals.identity, identity));
    if (!row) throw notFound(`principal ${identity} not found`);
    return toView(row);
  }

  async list(
    caller: Caller,
    page: { page_size?: number; page_token?: string },
  ): Promise<{ principals: PrincipalView[]; next_page_token: string | null }> {
    if (!caller.admin) throw permissionDenied("only an admin may list principals");
    const size = Math.min(Math.max(page.page_size ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const after = page.page_token === undefined ? undefined : decodeKeyToken(page.page_token, "page_token");
    const rows = await this.store.db
      .select()
      .from(principals)
      .where(after === undefined ? undefined : gt(principals.identity, after))
      .orderBy(asc(principals.identity))
      .limit(size + 1);
    const more = rows.length > size;
    const pageRows = more ? rows.slice(0, size) : rows;
    return {
      principals: pageRows.map(toView),
      next_page_token: more ? encodeKeyToken(pageRows[pageRows.length - 1].identity) : null,
    };
  }

  /** Admin only; audited as `principal.trust_tier_set` with the previous tier. */
  async setTrustTier(
    caller: Caller,
    identity: string,
    input: { trust_tier: number; notes?: string | null },
  ): Promise<PrincipalView> {
    if (!caller.admin) throw permissionDenied("only an admin may set trust tiers");
    const tier = input.trust_tier;
    if (!Number.isInteger(tier) || tier < 0 || tier > MAX_TRUST_TIER) {
      throw invalidArgument(`trust_tier: must be an integer from 0 to ${MAX_TRUST_TIER}, got ${tier}`);
    }
    if (identity.trim() === "") throw invalidArgument("identity: must not be empty");
    const notes = input.notes ?? null;
    return this.store.transaction(async (tx) => {
      await tx.insert(principals).values({ identity, trustTier: 0 }).onConflictDoNothing();
      const [before] = await tx
        .select()
        .from(principals)
        .where(eq(principals.identity, identity))
        .for("update");
      const now = this.now();
      const [after] = await tx
        .update(principals)
        .set({ trustTier: tier, notes, enrolledBy: caller.identity, enrolledAt: now })
        .where(eq(principals.identity, identity))
        .returning();
      await appendAuditEvent(tx, {
        actor: caller.identity,
        action: "principal.trust_tier_set",
        details: { identity, trust_tier: tier, previous_trust_tier: before.trustTier, notes },
      });
      return toView(after);
    });
  }
}

function toView(row: PrincipalRow): PrincipalView {
  return {
    identity: row.identity,
    trust_tier: row.trustTier,
    notes: row.notes ?? null,
    enrolled_by: row.enrolledBy ?? null,
    enrolled_at: row.enrolledAt?.toISOString() ?? null,
    last_seen_at: row.lastSeenAt?.toISOString() ?? null,
  };
}
