import { randomBytes } from "node:crypto";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { inMemoryAdapter } from "./memory-adapter.js";
import { deviceCodePage, deviceConfirmPage, messagePage, PAGE_SECURITY_POLICY } from "./pages.js";
import type { PrivateSigningJwk } from "./signing-key.js";
import { type DevDirectory, devUserClaims } from "./users.js";

/** The one client of the dev IdP: the jitsudo CLI, a public (secret-less) native application. */
export const DEV_CLIENT_ID = "jitsudo-cli";
export const DEV_SCOPES = "openid email profile groups offline_access";
export const ID_TOKEN_TTL_SECONDS = 60 * 60;

const DAY_SECONDS = 24 * 60 * 60;

/** The path the provider is served under: the issuer's path, e.g. `/dev/idp`. */
export function mountPathOf(issuer: string): string {
  const path = new URL(issuer).pathname.replace(/\/+$/, "");
  if (path === "")
    throw new Error(`dev IdP issuer ${issuer} needs a path (such as /dev/idp) to be served under`);
  return path;
}

export function createDevProvider(
  issuer: string,
  signingKey: PrivateSigningJwk,
  directory: DevDirectory,
): Provider {
  const mountPath = mountPathOf(issuer);
  const configuration: Configuration = {
    adapter: inMemoryAdapter(),
    clients: [
      {
        client_id: DEV_CLIENT_ID,
        client_name: "jitsudo CLI",
        application_type: "native",
        token_endpoint_auth_method: "none",
        grant_types: ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token", "authorization_code"],
        response_types: ["code"],
        // Native clients may use any port on a loopback redirect URI (RFC 8252 §7.3).
        redirect_uris: ["http://127.0.0.1/callback", "http://localhost/callback"],
      },
    ],
    jwks: { keys: [signingKey] },
    // Session cookies need not survive a restart: signing in again is cheap in dev mode.
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    // jitsudod identifies callers by the ID token alone, so it must carry the scopes' claims
    // (by default they would only be served by the userinfo endpoint).
    conformIdTokenClaims: false,
    findAccount: (_ctx, subject) => {
      const user = directory.bySubject(subject);
      return user && { accountId: user.subject, claims: () => devUserClaims(user) };
    },
    interactions: { url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      deviceFlow: {
        enabled: true,
        userCodeInputSource: (ctx, form, _out, error) =>
          render(ctx, deviceCodePage(form, userCodeProblem(error))),
        userCodeConfirmSource: (ctx, form, client, _deviceInfo, userCode) =>
          render(
            ctx,
            deviceConfirmPage(form, { clientName: client.clientName ?? client.clientId, userCode }),
          ),
        successSource: (ctx) =>
          render(ctx, messagePage("Signed in", "You can close this window and return to your terminal.")),
      },
    },
    renderError: (ctx, out) =>
      render(ctx, messagePage("Sign-in failed", `${out.error}: ${out.error_description ?? "no details"}`)),
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      DeviceCode: 10 * 60,
      IdToken: ID_TOKEN_TTL_SECONDS,
      Interaction: 10 * 60,
      RefreshToken: 14 * DAY_SECONDS,
      Grant: 14 * DAY_SECONDS,
      Session: 14 * DAY_SECONDS,
    },
  };
  return new Provider(issuer, configuration);
}

function render(ctx: KoaContextWithOIDC, html: string): void {
  ctx.type = "html";
  ctx.set("content-security-policy", PAGE_SECURITY_POLICY);
  ctx.body = html;
}

function userCodeProblem(error: Error | undefined): string | undefined {
  if (error === undefined) return undefined;
  if (error.name === "AbortedError") return "Sign-in cancelled. Run jitsudo login again to start over.";
  if (error.name === "NoCodeError" || "userCode" in error)
    return "That code is not valid (or has expired). Try again.";
  return "Something went wrong; try again.";
}
