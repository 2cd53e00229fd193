// One benchmarked installation: an issuer with `users` requesters and approvers, a database of
// the given kind, `jitsudod serve` on it and the dev example policies (sre may request mock roles,
// sre-leads approve, mock/read-only for up to 30 minutes is approved automatically).
import { DEV_POLICIES } from "../../packages/server/dist/app/dev-seed.js";
import { ADMIN, benchUsers, startIdp } from "./idp.mjs";
import { benchDatabase, startJitsudod } from "./jitsudod.mjs";

export const API = "/api/v1alpha1";

/** `database`: an existing one (from `benchDatabase`), which `close()` then drops too. */
export async function deploy({ store, database: existing, users = 50, config = {} }) {
  const idp = await startIdp(benchUsers(users));
  const database = existing ?? (await benchDatabase(store));
  let server;
  try {
    server = await startJitsudod({ database, issuer: idp.issuer, config });
    const admin = await idp.token(ADMIN);
    for (const policy of DEV_POLICIES) {
      await server.client.expect(200, "POST", `${API}/policies`, { token: admin, body: { ...policy } });
    }
  } catch (err) {
    await server?.stop();
    await database.drop();
    await idp.close();
    throw err;
  }
  return {
    store: database.kind,
    idp,
    database,
    get server() {
      return server;
    },
    /** Stops the server and starts another on the same database (and configuration, unless given). */
    async restart(nextConfig = config) {
      await server.stop();
      server = await startJitsudod({ database, issuer: idp.issuer, config: nextConfig });
      return server;
    },
    async close() {
      await server.stop();
      await database.drop();
      await idp.close();
    },
  };
}
