/**
 * Signing in with the OIDC device authorization grant (RFC 8628) and refreshing the session, via
 * openid-client (imported only here, when a sign-in or refresh actually happens). ID tokens are
 * checked against the issuer's JWKS (signature), and for issuer, audience and expiry.
 */
import { CliError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { isLoopback } from "../settings/server-url.js";

export const CLI_CLIENT_ID = "jitsudo-cli";
export const LOGIN_SCOPES = "openid email profile groups offline_access";

export interface SignedIn {
  readonly idToken: string;
  readonly refreshToken?: string;
  readonly email: string;
  /** When the ID token expires (RFC 3339). */
  readonly expiresAt: string;
}

export interface DeviceCodePrompt {
  readonly verificationUri: string;
  readonly verificationUriComplete?: string;
  readonly userCode: string;
  readonly expiresInSeconds: number;
}

type OpenIdClient = typeof import("openid-client");
type TokenResponse = Awaited<ReturnType<OpenIdClient["pollDeviceAuthorizationGrant"]>>;

/** Runs the device flow: `prompt` shows the code, then the token endpoint is polled until sign-in ends. */
export async function deviceLogin(
  issuer: string,
  clientId: string,
  prompt: (p: DeviceCodePrompt) => void,
): Promise<SignedIn> {
  const { oidc, config } = await discover(issuer, clientId);
  const device = await oidc
    .initiateDeviceAuthorization(config, { scope: LOGIN_SCOPES })
    .catch((err: unknown) => {
      throw oidcFailure("the device authorization request failed", err);
    });
  prompt({
    verificationUri: device.verification_uri,
    verificationUriComplete: device.verification_uri_complete,
    userCode: device.user_code,
    expiresInSeconds: device.expires_in,
  });
  // openid-client waits `interval` seconds between polls and adds 5 s on each `slow_down`.
  const tokens = await oidc.pollDeviceAuthorizationGrant(config, device).catch((err: unknown) => {
    throw oidcFailure("sign-in did not complete", err);
  });
  return signedIn(tokens, clientId);
}

/** A new ID token from a refresh token. */
export async function refreshSession(
  issuer: string,
  clientId: string,
  refreshToken: string,
): Promise<SignedIn> {
  const { oidc, config } = await discover(issuer, clientId);
  const tokens = await oidc.refreshTokenGrant(config, refreshToken).catch((err: unknown) => {
    throw oidcFailure("refreshing the session failed", err, EXIT.notAuthenticated);
  });
  const signed = signedIn(tokens, clientId);
  return { ...signed, refreshToken: signed.refreshToken ?? refreshToken };
}

async function discover(issuer: string, clientId: string) {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new CliError(
      `invalid issuer URL "${issuer}"`,
      EXIT.usage,
      "pass the IdP's issuer, e.g. https://login.example.com",
    );
  }
  const plainHttp = url.protocol === "http:";
  if (plainHttp && !isLoopback(url)) {
    throw new CliError(
      `refusing to sign in over plain HTTP to ${issuer}`,
      EXIT.usage,
      "use the issuer's https:// URL",
    );
  }
  const oidc = await import("openid-client");
  const execute = plainHttp
    ? [oidc.enableNonRepudiationChecks, oidc.allowInsecureRequests]
    : [oidc.enableNonRepudiationChecks];
  try {
    const config = await oidc.discovery(url, clientId, undefined, oidc.None(), { execute });
    return { oidc, config };
  } catch (err) {
    throw oidcFailure(`OIDC discovery at ${issuer} failed`, err);
  }
}

function signedIn(tokens: TokenResponse, clientId: string): SignedIn {
  const claims = tokens.claims();
  if (tokens.id_token === undefined || claims === undefined) {
    throw new CliError(
      "the identity provider returned no ID token",
      EXIT.notAuthenticated,
      `make sure client ${clientId} may use the openid scope`,
    );
  }
  if (typeof claims.email !== "string" || claims.email === "") {
    throw new CliError(
      "the ID token has no email claim",
      EXIT.notAuthenticated,
      `ask the IdP's admins to release the email scope to client ${clientId}`,
    );
  }
  if (claims.email_verified === false) {
    throw new CliError(`the IdP says ${claims.email} is not verified`, EXIT.notAuthenticated);
  }
  return {
    idToken: tokens.id_token,
    refreshToken: tokens.refresh_token,
    email: claims.email,
    expiresAt: new Date(claims.exp * 1000).toISOString(),
  };
}

/** openid-client's errors, as a sentence: the OAuth error and its description when there is one. */
function oidcFailure(what: string, err: unknown, exitCode: number = EXIT.failure): CliError {
  const e = err as {
    error?: unknown;
    error_description?: unknown;
    message?: string;
    cause?: { message?: string };
  };
  if (e.error === "access_denied")
    return new CliError("sign-in was denied at the identity provider", exitCode);
  if (e.error === "expired_token") {
    return new CliError("the code expired before sign-in finished", exitCode, "run jitsudo login again");
  }
  const oauth =
    typeof e.error === "string" ? `${e.error}${e.error_description ? `: ${e.error_description}` : ""}` : "";
  const cause = e.cause?.message ? ` (${e.cause.message})` : "";
  return new CliError(`${what}: ${oauth || `${e.message ?? String(err)}${cause}`}`, exitCode);
}
