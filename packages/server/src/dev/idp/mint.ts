import type Provider from "oidc-provider";
import { DEV_CLIENT_ID } from "./provider.js";
import { type DevUser, devUserClaims } from "./users.js";

/**
 * An ID token for a dev user, issued by the provider itself (its `IdToken` model: same key,
 * issuer, audience and lifetime as tokens from the device flow), without any sign-in.
 */
export async function mintIdToken(provider: Provider, user: DevUser): Promise<string> {
  const client = await provider.Client.find(DEV_CLIENT_ID);
  if (!client) throw new Error(`dev IdP has no client ${DEV_CLIENT_ID}`);
  const idToken = new provider.IdToken({}, { client });
  for (const [claim, value] of Object.entries(devUserClaims(user))) idToken.set(claim, value);
  return idToken.issue({ use: "idtoken" });
}
