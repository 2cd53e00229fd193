// The OIDC issuer the benchmarked jitsudod trusts: the dev identity provider (oidc-provider) served
// from the benchmark's own process, with as many users as the load needs. Each user's ID token is
// minted once (POST /dev/token) and reused, as a CLI reuses its session.
import { createServer } from "node:net";
import Fastify from "fastify";
import { devIdentityProvider } from "../../packages/server/dist/dev/idp/index.js";

export const ADMIN = "charlie@example.com";

/** `count` requesters (group sre) and as many approvers (sre-leads), plus the admin charlie. */
export function benchUsers(count) {
  const users = [{ subject: "charlie", email: ADMIN, name: "Charlie", groups: ["jitsudo-admins"] }];
  for (let i = 1; i <= count; i++) {
    users.push({ subject: `req${i}`, email: requester(i), name: `Requester ${i}`, groups: ["sre"] });
    users.push({ subject: `app${i}`, email: approver(i), name: `Approver ${i}`, groups: ["sre-leads"] });
  }
  return users;
}

export const requester = (i) => `requester${i}@example.com`;
export const approver = (i) => `approver${i}@example.com`;

export async function startIdp(users) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}/idp`;
  const app = Fastify();
  await app.register(devIdentityProvider, { issuer, users });
  await app.listen({ host: "127.0.0.1", port });
  const tokens = new Map();
  return {
    issuer,
    async token(email) {
      if (!tokens.has(email)) {
        const res = await fetch(`${origin}/dev/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email }),
        });
        if (res.status !== 200)
          throw new Error(`POST /dev/token ${email}: ${res.status} ${await res.text()}`);
        tokens.set(email, (await res.json()).id_token);
      }
      return tokens.get(email);
    },
    close: () => app.close(),
  };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
