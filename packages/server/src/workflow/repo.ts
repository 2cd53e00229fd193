/**
 * Storage of requests, approvals and sealed credentials: the only workflow module that writes SQL.
 * Writes nobody reads back in their transaction run as it commits (`atCommit`), in one message
 * with it: the request row (locked first by every transition) and the stored credentials.
 */
import { and, asc, desc, eq, inArray, isNull, lt, ne, or, type SQL, sql } from "drizzle-orm";
import { decodeKeyToken, encodeKeyToken } from "../principals/page-token.js";
import {
  atCommit,
  compileRowsQuery,
  compileStatement,
  type Db,
  placeholders,
  sqlRows,
  type Tx,
} from "../store/index.js";
import { approvals, credentials, requests } from "../store/schema.js";
import type { ApproverTier } from "../policy/types.js";
import type { RequestRecord } from "./record.js";
import type { RequestState } from "./states.js";

type RequestRow = typeof requests.$inferSelect;

function toRecord(row: RequestRow): RequestRecord {
  return {
    ...row,
    state: row.state as RequestState,
    approverTier: row.approverTier as ApproverTier,
    requesterGroups: (row.requesterGroups ?? []) as string[],
    approverGroups: (row.approverGroups ?? []) as string[],
    metadata: (row.metadata ?? {}) as Record<string, unknown>,
  };
}

const insertRequestStatement = compileStatement<RequestRecord>((tx) =>
  tx.insert(requests).values(placeholders(requests)),
);

export function insertRequest(tx: Tx, r: RequestRecord): void {
  atCommit(tx, insertRequestStatement(tx, r));
}

const lockRequestQuery = compileRowsQuery<{ id: string }, typeof requests>(requests, (tx) =>
  tx
    .select()
    .from(requests)
    .where(eq(requests.id, sql.placeholder("id")))
    .for("update"),
);

export async function lockRequest(tx: Tx, id: string): Promise<RequestRecord | undefined> {
  const [row] = await lockRequestQuery(tx, { id });
  return row && toRecord(row);
}

/** Locks the requests among `ids` that exist, in id order (the one order every batch takes). */
export async function lockRequests(tx: Tx, ids: readonly string[]): Promise<RequestRecord[]> {
  const rows = await tx
    .select()
    .from(requests)
    .where(inArray(requests.id, [...ids]))
    .orderBy(asc(requests.id))
    .for("update");
  return rows.map(toRecord);
}

export async function findRequests(db: Db, ids: readonly string[]): Promise<RequestRecord[]> {
  const rows = await db
    .select()
    .from(requests)
    .where(inArray(requests.id, [...ids]));
  return rows.map(toRecord);
}

const findRequestQuery = compileRowsQuery<{ id: string }, typeof requests>(requests, (tx) =>
  tx
    .select()
    .from(requests)
    .where(eq(requests.id, sql.placeholder("id"))),
);

export async function findRequest(db: Db, id: string): Promise<RequestRecord | undefined> {
  const [row] = await findRequestQuery(db, { id });
  return row && toRecord(row);
}

/** Compiled updates by the set of columns they change (the transitions use a handful). */
const updateStatements = new Map<string, ReturnType<typeof compileStatement>>();

export function updateRequest(tx: Tx, id: string, patch: Partial<RequestRecord>): void {
  const columns = Object.keys(patch).filter((k) => patch[k as keyof RequestRecord] !== undefined);
  const shape = columns.join(",");
  let statement = updateStatements.get(shape);
  if (!statement) {
    statement = compileStatement((t) =>
      t
        .update(requests)
        .set(Object.fromEntries(columns.map((c) => [c, sql.placeholder(c)])))
        .where(eq(requests.id, sql.placeholder("id"))),
    );
    updateStatements.set(shape, statement);
  }
  atCommit(tx, statement(tx, { ...patch, id }));
}

export interface RequestFilters {
  state?: RequestState;
  requesterIdentity?: string;
  provider?: string;
  /** Leaves out this requester's requests (an approver's pending queue). */
  excludeRequester?: string;
  /** Only this identity's own requests and PENDING ones (callers who cannot read everything). */
  ownOrPendingFor?: string;
  /** Only break-glass requests no admin has reviewed yet. */
  breakGlassUnreviewed?: boolean;
}

/** Newest first (request ids are ULIDs, so id order is creation order), keyset-paginated. */
export async function listRequests(
  db: Db,
  f: RequestFilters,
  page: { limit: number; afterId?: string },
): Promise<{ rows: RequestRecord[]; nextAfter: string | undefined }> {
  const where: (SQL | undefined)[] = [
    f.state === undefined ? undefined : eq(requests.state, f.state),
    f.requesterIdentity === undefined ? undefined : eq(requests.requesterIdentity, f.requesterIdentity),
    f.provider === undefined ? undefined : eq(requests.provider, f.provider),
    f.excludeRequester === undefined ? undefined : ne(requests.requesterIdentity, f.excludeRequester),
    f.ownOrPendingFor === undefined
      ? undefined
      : or(eq(requests.requesterIdentity, f.ownOrPendingFor), eq(requests.state, "PENDING")),
    f.breakGlassUnreviewed ? and(eq(requests.breakGlass, true), isNull(requests.reviewedAt)) : undefined,
    page.afterId === undefined ? undefined : lt(requests.id, page.afterId),
  ];
  const rows = await db
    .select()
    .from(requests)
    .where(and(...where))
    .orderBy(desc(requests.id))
    .limit(page.limit + 1);
  const more = rows.length > page.limit;
  const kept = more ? rows.slice(0, page.limit) : rows;
  return { rows: kept.map(toRecord), nextAfter: more ? kept[kept.length - 1].id : undefined };
}

export const encodePageToken = encodeKeyToken;
export const decodePageToken = (token: string) => decodeKeyToken(token, "page_token");

/**
 * Records one approver's approval (not when this approver already approved the request) and
 * counts the request's approvals, in one statement. The count adds the row just inserted, which
 * the statement's own snapshot does not see; the caller holds the request's row lock.
 */
export async function recordApproval(
  tx: Tx,
  a: { requestId: string; approver: string; comment: string | null; at: Date },
): Promise<{ recorded: boolean; approvals: number }> {
  const insert = tx
    .insert(approvals)
    .values({ requestId: a.requestId, approverIdentity: a.approver, comment: a.comment, createdAt: a.at })
    .onConflictDoNothing()
    .returning({ requestId: approvals.requestId });
  const [row] = await sqlRows<{ recorded: number; approvals: number }>(
    tx,
    sql`with inserted as (${insert.getSQL()})
      select (select count(*) from inserted)::int as recorded,
             ((select count(*) from ${approvals} where ${approvals.requestId} = ${a.requestId})
              + (select count(*) from inserted))::int as approvals`,
  );
  return { recorded: row.recorded === 1, approvals: row.approvals };
}

const insertCredentialsStatement = compileStatement<{ requestId: string; ciphertext: string }>((tx) =>
  tx
    .insert(credentials)
    .values(placeholders(credentials))
    .onConflictDoUpdate({ target: credentials.requestId, set: { ciphertext: sql`excluded.ciphertext` } }),
);

export function insertCredentials(tx: Tx, requestId: string, sealed: string): void {
  atCommit(tx, insertCredentialsStatement(tx, { requestId, ciphertext: sealed }));
}

export async function readCredentials(tx: Tx, requestId: string): Promise<string | undefined> {
  const [row] = await tx.select().from(credentials).where(eq(credentials.requestId, requestId));
  return row?.ciphertext;
}

const deleteCredentialsStatement = compileStatement<{ requestId: string }>((tx) =>
  tx.delete(credentials).where(eq(credentials.requestId, sql.placeholder("requestId"))),
);

export function deleteCredentials(tx: Tx, requestId: string): void {
  atCommit(tx, deleteCredentialsStatement(tx, { requestId }));
}
