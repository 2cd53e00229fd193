// A raw connection to a benchmark database (from benchDatabase), for setting up or reading state
// the API does not offer. On PGlite only while no server holds the data directory.
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/** `{ query(text, params), close() }` on either kind of database. */
export async function connect(database) {
  if (database.kind === "postgres") {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    return { query: (text, params) => client.query(text, params), close: () => client.end() };
  }
  const db = await PGlite.create(database.dataDir);
  return { query: (text, params) => db.query(text, params), close: () => db.close() };
}
