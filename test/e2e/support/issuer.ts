/**
 * A real OIDC issuer for end-to-end tests of `jitsudod serve`: oidc-provider (the dev identity
 * provider's configuration) in this process, with an auditor and a stranger besides spec 07's users.
 */
import Fastify from "fastify";
import { devIdentityProvider } from "../../../packages/server/src/dev/idp/index.js";
import { TEST_USERS } from "../../../packages/server/test/http/harness.js";
import { freePort } from "./jitsudod.js";

export interface TestIssuer {
  readonly issuer: string;
  token(email: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}/idp`;
  const app = Fastify();
  await app.register(devIdentityProvider, { issuer, users: TEST_USERS });
  await app.listen({ host: "127.0.0.1", port });
  return {
    issuer,
    async token(email) {
      const res = await fetch(`${origin}/dev/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email }),
      });
      return ((await res.json()) as { id_token: string }).id_token;
    },
    close: () => app.close(),
  };
}
