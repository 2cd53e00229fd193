import type { FastifyPluginAsync } from "fastify";
import type Provider from "oidc-provider";
import { z } from "zod";
import { invalidArgument } from "../../errors.js";
import { interactionRoutes } from "./interactions.js";
import { mintIdToken } from "./mint.js";
import { mountProvider } from "./mount.js";
import { createDevProvider, ID_TOKEN_TTL_SECONDS, mountPathOf } from "./provider.js";
import { loadOrCreateSigningKey } from "./signing-key.js";
import { DevDirectory, type DevUser } from "./users.js";

export interface DevIdentityProviderOptions {
  /** The issuer, `http://localhost:<port>/dev/idp`; the provider is served under its path. */
  readonly issuer: string;
  /** Where the signing key is kept across restarts; in memory only when absent. */
  readonly dataDir?: string;
  /** The accounts (default: spec 07's alice, bob and charlie); tests bring more. */
  readonly users?: readonly DevUser[];
}

/**
 * The dev identity provider of `jitsudod dev` (spec 07): an OIDC provider with device flow and
 * static users, served under the issuer's path, plus `POST /dev/token {"email"}`, which returns
 * `{"id_token", "expires_in"}` for a dev user without a sign-in. Register it without a prefix,
 * and only in dev mode: it signs tokens for anyone who asks.
 */
export const devIdentityProvider: FastifyPluginAsync<DevIdentityProviderOptions> = async (app, options) => {
  if (app.prefix !== "") {
    throw new Error("register devIdentityProvider without a prefix: its paths come from the issuer URL");
  }
  const mountPath = mountPathOf(options.issuer);
  const directory = new DevDirectory(options.users);
  const provider = createDevProvider(
    options.issuer,
    await loadOrCreateSigningKey(options.dataDir),
    directory,
  );
  provider.on("server_error", (_ctx, error) => app.log.error({ err: error }, "dev identity provider error"));

  await app.register(mountProvider(provider, mountPath));
  await app.register(interactionRoutes(provider, `${mountPath}/interaction`, directory), {
    prefix: `${mountPath}/interaction`,
  });
  await app.register(devTokenRoute(provider, directory));
};

const devTokenRequest = z.strictObject({ email: z.string().max(320) });

function devTokenRoute(provider: Provider, directory: DevDirectory): FastifyPluginAsync {
  return async (app) => {
    app.post("/dev/token", async (request) => {
      const parsed = devTokenRequest.safeParse(request.body);
      if (!parsed.success) {
        throw invalidArgument('request body must be {"email": "<dev user email>"} and nothing else');
      }
      const user = directory.byEmail(parsed.data.email);
      if (!user) {
        const known = directory.users.map((candidate) => candidate.email).join(", ");
        throw invalidArgument(`email: "${parsed.data.email}" is not a dev user (dev users: ${known})`);
      }
      return { id_token: await mintIdToken(provider, user), expires_in: ID_TOKEN_TTL_SECONDS };
    });
  };
}
