import Fastify from "fastify";
import { devIdentityProvider } from "../../../src/dev/idp/index.js";
import { freePort } from "../../support/net.js";

export interface RunningDevIdp {
  readonly port: number;
  readonly issuer: string;
  /** The Fastify app's base URL, `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** How many times the JWKS endpoint has been fetched. */
  jwksFetches(): number;
  close(): Promise<void>;
}

/** A port that was free a moment ago, so that a test can point a verifier at a server not started yet. */
export { freePort };

/** The dev IdP plugin in a Fastify app on 127.0.0.1, as `jitsudod dev` serves it. */
export async function startDevIdp(
  options: { port?: number; dataDir?: string; issuerHost?: string } = {},
): Promise<RunningDevIdp> {
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `http://${options.issuerHost ?? "127.0.0.1"}:${port}/dev/idp`;
  let jwksFetches = 0;
  const app = Fastify({ logger: false });
  app.addHook("onRequest", async (request) => {
    if (request.url.startsWith("/dev/idp/jwks")) jwksFetches++;
  });
  await app.register(devIdentityProvider, { issuer, dataDir: options.dataDir });
  await app.listen({ host: "127.0.0.1", port });
  return { port, issuer, origin, jwksFetches: () => jwksFetches, close: () => app.close() };
}
