// A PostgreSQL database of its own for each benchmark run, created and dropped like the tests' ones.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The server to create databases on (JITSUDO_BENCH_DATABASE_URL, else the tests' one). */
export const BENCH_DATABASE_URL =
  process.env.JITSUDO_BENCH_DATABASE_URL ??
  process.env.JITSUDO_TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";

/** Creates an empty database; resolves to its URL and the function that drops it. */
export async function createDatabase(prefix = "jitsudo_bench") {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await withAdmin((c) => c.query(`create database ${name}`));
  const url = new URL(BENCH_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withAdmin((c) => c.query(`drop database if exists ${name} with (force)`)),
  };
}

async function withAdmin(fn) {
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
