import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from "jose";
import { networkFailure } from "./discovery.js";

/** How the provider's JSON Web Key Set is cached and refreshed. */
export interface SigningKeyCaching {
  /** Keys older than this are fetched again before use. */
  readonly cacheMaxAgeMs: number;
  /** A token naming an unknown key (`kid`) triggers a refetch, at most once per this period. */
  readonly refreshCooldownMs: number;
  readonly timeoutMs: number;
}

/** The signing keys could not be fetched: the provider is unreachable or misbehaving, not the token bad. */
export class SigningKeysUnavailable extends Error {
  override readonly name = "SigningKeysUnavailable";
}

/** The identity provider's signing keys, fetched from its JWKS endpoint and cached. */
export interface SigningKeys {
  /** Fetches the key set now; rejects with {@link SigningKeysUnavailable}. */
  load(): Promise<void>;
  /** Key resolver for `jwtVerify`. Token problems (no such key, …) are jose errors; fetch problems are {@link SigningKeysUnavailable}. */
  readonly resolve: JWTVerifyGetKey;
}

/** Errors of key *selection*: the key set was fetched, but the token does not fit it. */
const TOKEN_KEY_ERRORS = [errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSENotSupported];

export function remoteSigningKeys(url: URL, caching: SigningKeyCaching): SigningKeys {
  const keySet = createRemoteJWKSet(url, {
    cacheMaxAge: caching.cacheMaxAgeMs,
    cooldownDuration: caching.refreshCooldownMs,
    timeoutDuration: caching.timeoutMs,
  });
  const unavailable = (error: unknown) => {
    const reason = keyFetchFailure(error, caching.timeoutMs);
    return new SigningKeysUnavailable(`cannot load signing keys from ${url}: ${reason}`, { cause: error });
  };
  return {
    load: () => keySet.reload().catch((error: unknown) => Promise.reject(unavailable(error))),
    resolve: async (header, token) => {
      try {
        return await keySet(header, token);
      } catch (error) {
        if (TOKEN_KEY_ERRORS.some((type) => error instanceof type)) throw error;
        throw unavailable(error);
      }
    },
  };
}

function keyFetchFailure(error: unknown, timeoutMs: number): string {
  return error instanceof errors.JWKSTimeout
    ? `no answer within ${timeoutMs} ms`
    : networkFailure(error, timeoutMs);
}
