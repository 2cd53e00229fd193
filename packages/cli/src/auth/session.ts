/**
 * The bearer token of an invocation: `--token`/`JITSUDO_TOKEN`, else the saved one, refreshed
 * silently when it has expired and a refresh token exists (and saved again).
 */
import { CliError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { type Credentials, writeCredentials } from "../settings/credentials.js";
import { expiryOf } from "./jwt.js";
import { CLI_CLIENT_ID, refreshSession } from "./oidc.js";

/** Tokens this close to expiry are refreshed first, so they do not expire in flight. */
const EXPIRY_MARGIN_MS = 30_000;

export async function sessionToken(
  home: string,
  credentials: Credentials | undefined,
  now: Date = new Date(),
): Promise<string> {
  if (credentials === undefined) {
    throw new CliError("not logged in", EXIT.notAuthenticated, "run: jitsudo login --provider <issuer-url>");
  }
  const expiresAt = credentials.expires_at ?? expiryOf(credentials.token);
  if (expiresAt === undefined || Date.parse(expiresAt) - EXPIRY_MARGIN_MS > now.getTime())
    return credentials.token;

  if (credentials.refresh_token === undefined || credentials.issuer === undefined) {
    throw new CliError("session expired", EXIT.notAuthenticated, `run: ${loginCommand(credentials)}`);
  }
  const refreshed = await refreshSession(
    credentials.issuer,
    credentials.client_id ?? CLI_CLIENT_ID,
    credentials.refresh_token,
  ).catch((err: unknown) => {
    const reason = err instanceof Error ? err.message : String(err);
    throw new CliError(
      `session expired and could not be refreshed (${reason})`,
      EXIT.notAuthenticated,
      `run: ${loginCommand(credentials)}`,
    );
  });
  await writeCredentials(home, {
    ...credentials,
    token: refreshed.idToken,
    refresh_token: refreshed.refreshToken,
    expires_at: refreshed.expiresAt,
    email: refreshed.email,
  });
  return refreshed.idToken;
}

/** The command that signs this identity in again. */
export function loginCommand(credentials: Credentials | undefined): string {
  const server = credentials?.server_url;
  if (server && credentials?.issuer === devIssuer(server) && credentials.email) {
    return `jitsudo login --dev-user ${credentials.email} --server ${server}`;
  }
  return `jitsudo login --provider ${credentials?.issuer ?? "<issuer-url>"}`;
}

/** The issuer of a `jitsudod dev` server's built-in identity provider. */
export function devIssuer(serverUrl: string): string {
  return `${serverUrl}/dev/idp`;
}
