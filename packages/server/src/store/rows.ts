import type { SQL } from "drizzle-orm";
import type { Db } from "./types.js";

/** The rows a raw SQL statement returns, on either driver (both answer `{ rows }`). */
export async function sqlRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as { rows: T[] };
  return result.rows;
}
