/**
 * `jitsudo login`: the OIDC device flow against `--provider`, or `--dev-user` against a
 * `jitsudod dev` server's built-in identity provider; saves the session in the credentials file.
 */
import { expiryOf, unverifiedClaims } from "../auth/jwt.js";
import { type DeviceCodePrompt, deviceLogin } from "../auth/oidc.js";
import { devIssuer } from "../auth/session.js";
import type { Context } from "../context.js";
import { usageError } from "../errors.js";
import { type Credentials, writeCredentials } from "../settings/credentials.js";
import { normalizeServerUrl } from "../settings/server-url.js";

interface LoginOptions {
  provider?: string;
  clientId: string;
  devUser?: string;
}

export async function run(ctx: Context, _args: string[], opts: LoginOptions): Promise<void> {
  // A damaged credentials file must not stand in the way of logging in again.
  const previous = await ctx.credentials().catch(() => undefined);
  const credentials =
    opts.devUser === undefined ? await deviceFlow(ctx, opts, previous) : await devUser(ctx, opts.devUser);
  await writeCredentials(ctx.settings.home, credentials);

  const { printer } = ctx;
  await printer.emit({
    document: {
      email: credentials.email,
      server: credentials.server_url ?? null,
      issuer: credentials.issuer,
      expires_at: credentials.expires_at,
    },
    quiet: () => credentials.email ?? "",
    human: () =>
      `Logged in as ${credentials.email}\n${
        credentials.server_url
          ? `Server: ${credentials.server_url}`
          : "No server saved: pass --server <url> next time"
      }`,
  });
}

async function deviceFlow(
  ctx: Context,
  opts: LoginOptions,
  previous: Credentials | undefined,
): Promise<Credentials> {
  const issuer = opts.provider ?? previous?.issuer;
  if (issuer === undefined) {
    throw usageError(
      "which identity provider? pass --provider <issuer-url>",
      "e.g. jitsudo login --provider https://login.example.com",
    );
  }
  const signed = await deviceLogin(issuer, opts.clientId, (prompt) => showPrompt(ctx, prompt));
  const server = ctx.settings.explicitServer ?? previous?.server_url ?? ctx.settings.configServer;
  return {
    server_url: server === undefined ? undefined : normalizeServerUrl(server),
    issuer,
    client_id: opts.clientId,
    token: signed.idToken,
    refresh_token: signed.refreshToken,
    expires_at: signed.expiresAt,
    email: signed.email,
  };
}

async function devUser(ctx: Context, email: string): Promise<Credentials> {
  const server = await ctx.serverUrl();
  const dev = await (await ctx.anonymousClient()).devToken(email);
  const claims = unverifiedClaims(dev.id_token);
  return {
    server_url: server,
    issuer: typeof claims?.iss === "string" ? claims.iss : devIssuer(server),
    client_id: typeof claims?.aud === "string" ? claims.aud : "jitsudo-cli",
    token: dev.id_token,
    expires_at: expiryOf(dev.id_token) ?? new Date(Date.now() + dev.expires_in * 1000).toISOString(),
    email: typeof claims?.email === "string" ? claims.email : email,
  };
}

/** The code and where to enter it go to stderr, so that stdout stays the command's result. */
function showPrompt(ctx: Context, p: DeviceCodePrompt): void {
  const { bold } = ctx.printer.errPalette;
  if (p.verificationUriComplete) {
    ctx.printer.note(`To sign in, open this URL in a browser:\n\n  ${bold(p.verificationUriComplete)}\n`);
    ctx.printer.note(`and check that it shows the code ${bold(p.userCode)}.`);
  } else {
    ctx.printer.note(
      `To sign in, open ${bold(p.verificationUri)} in a browser and enter the code ${bold(p.userCode)}`,
    );
  }
  ctx.printer.note(`Waiting for sign-in (the code expires in ${Math.round(p.expiresInSeconds / 60)} min)…`);
}
