import { generateKeyPairSync } from "node:crypto";
import Fastify from "fastify";
import { freePort } from "./dev-idp-server.js";
import type { KeyWithId } from "./tokens.js";

export interface FakeIssuer {
  readonly issuer: string;
  /** The private half of the one key its JWKS publishes. */
  readonly key: KeyWithId;
  close(): Promise<void>;
}

/**
 * A minimal issuer for discovery edge cases the dev IdP never produces: it serves the given
 * discovery document (built from its own issuer URL) and a JWKS with one RS256 key.
 */
export async function startFakeIssuer(
  discoveryDocument: (issuer: string) => Record<string, unknown>,
): Promise<FakeIssuer> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = "fake-issuer-key";
  const app = Fastify({ logger: false });
  app.get("/.well-known/openid-configuration", async () => discoveryDocument(issuer));
  app.get("/jwks", async () => ({
    keys: [{ ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" }],
  }));
  await app.listen({ host: "127.0.0.1", port });
  return { issuer, key: { kid, privateKey }, close: () => app.close() };
}
