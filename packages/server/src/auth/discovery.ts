import { z } from "zod";

/** What the verifier needs to know about the identity provider, from its discovery document. */
export interface ProviderMetadata {
  /** Where this server fetches the provider's signing keys from (see {@link jwksFetchUrl}). */
  readonly jwksUrl: URL;
  /** The JWS algorithms accepted on ID tokens from this provider. */
  readonly signingAlgorithms: readonly string[];
}

export interface DiscoveryTarget {
  /** `auth.oidc_issuer`: the discovery document must name exactly this issuer. */
  readonly issuer: string;
  /** `auth.oidc_discovery_url`: where to fetch discovery from when the issuer URL is not reachable from here. */
  readonly discoveryUrl?: string;
}

/** A reason discovery failed, worded for an operator reading `/readyz` or the logs. */
export class DiscoveryError extends Error {
  override readonly name = "DiscoveryError";
}

const WELL_KNOWN_PATH = "/.well-known/openid-configuration";

const discoveryDocumentSchema = z.object({
  issuer: z.string(),
  jwks_uri: z.string(),
  id_token_signing_alg_values_supported: z.array(z.string()).optional(),
});

/**
 * Fetches and checks the provider's discovery document (OpenID Connect Discovery 1.0 §4).
 *
 * With a discovery URL, the document is still that of the configured issuer: its `issuer` must
 * equal `target.issuer` exactly, as without one. The discovery URL only changes where this server
 * reaches the provider, never which provider it trusts.
 */
export async function discoverProvider(
  target: DiscoveryTarget,
  request: { readonly timeoutMs: number; readonly signal: AbortSignal },
): Promise<ProviderMetadata> {
  const documentUrl = discoveryDocumentUrl(target.discoveryUrl ?? target.issuer);
  const parsed = discoveryDocumentSchema.safeParse(await fetchJson(documentUrl, request));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new DiscoveryError(`discovery document at ${documentUrl} is invalid (${problems.join("; ")})`);
  }
  const document = parsed.data;
  if (document.issuer !== target.issuer) {
    throw new DiscoveryError(
      `discovery document at ${documentUrl} names issuer "${document.issuer}", ` +
        `but the configured issuer (auth.oidc_issuer) is "${target.issuer}"; they must match exactly`,
    );
  }
  const advertised = document.id_token_signing_alg_values_supported ?? ["RS256"];
  const signingAlgorithms = acceptedSigningAlgorithms(advertised);
  if (signingAlgorithms.length === 0) {
    throw new DiscoveryError(
      `the identity provider offers no acceptable ID token signing algorithm ` +
        `(it advertises ${advertised.join(", ") || "nothing"}; "none" and HS* are never accepted)`,
    );
  }
  return { jwksUrl: jwksFetchUrl(document.jwks_uri, target), signingAlgorithms };
}

/** `<base>/.well-known/openid-configuration`, unless `base` already is the document's URL. */
export function discoveryDocumentUrl(base: string): URL {
  const withoutSlash = base.replace(/\/+$/, "");
  return new URL(withoutSlash.endsWith(WELL_KNOWN_PATH) ? withoutSlash : `${withoutSlash}${WELL_KNOWN_PATH}`);
}

/**
 * The advertised algorithms minus `none` and the HMAC family: an ID token signed with a shared
 * secret could be forged by anyone holding it (and HS* over a public key is the classic key-confusion attack).
 */
export function acceptedSigningAlgorithms(advertised: readonly string[]): string[] {
  return advertised.filter((alg) => alg !== "none" && !alg.startsWith("HS"));
}

/**
 * Where to fetch the signing keys. Normally the document's `jwks_uri`. When a discovery URL on
 * another origin is configured (the issuer's host is not reachable from this server, e.g. a
 * container-internal name), a `jwks_uri` on the issuer's origin is fetched from the discovery
 * URL's origin instead, keeping its path; a `jwks_uri` anywhere else is used as it is.
 */
export function jwksFetchUrl(jwksUri: string, target: DiscoveryTarget): URL {
  let url: URL;
  try {
    url = new URL(jwksUri);
  } catch {
    throw new DiscoveryError(`discovery document's jwks_uri "${jwksUri}" is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new DiscoveryError(`discovery document's jwks_uri "${jwksUri}" is not an http(s) URL`);
  }
  if (target.discoveryUrl === undefined) return url;
  const issuerOrigin = new URL(target.issuer).origin;
  const reachableOrigin = new URL(target.discoveryUrl).origin;
  if (url.origin !== issuerOrigin || reachableOrigin === issuerOrigin) return url;
  return new URL(`${url.pathname}${url.search}`, reachableOrigin);
}

async function fetchJson(
  url: URL,
  request: { readonly timeoutMs: number; readonly signal: AbortSignal },
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "application/json" },
      redirect: "manual",
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]),
    });
  } catch (error) {
    throw new DiscoveryError(`cannot reach ${url}: ${networkFailure(error, request.timeoutMs)}`);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new DiscoveryError(
      `${url} answered HTTP ${response.status} (expected 200 with the discovery document)`,
    );
  }
  try {
    return await response.json();
  } catch {
    throw new DiscoveryError(`${url} did not answer with a JSON document`);
  }
}

/** A fetch failure in a few words: "connect ECONNREFUSED 127.0.0.1:5556", "no answer within 5000 ms", … */
export function networkFailure(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  if (error.name === "AbortError") return "stopped";
  return error.cause instanceof Error ? error.cause.message : error.message;
}
