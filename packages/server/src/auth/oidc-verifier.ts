import { setTimeout as sleep } from "node:timers/promises";
import { type JWTVerifyResult, jwtVerify } from "jose";
import type { Logger } from "pino";
import { AppError } from "../errors.js";
import { CallerMapper, type RoleRules } from "./caller-claims.js";
import {
  type DiscoveryTarget,
  discoverProvider,
  discoveryDocumentUrl,
  type ProviderMetadata,
} from "./discovery.js";
import { checkAuthorizedParty, checkIssuedAt, checkTokenType } from "./id-token-checks.js";
import type { Caller } from "./principal.js";
import { backoffDelay } from "./retry.js";
import { remoteSigningKeys, type SigningKeys } from "./signing-keys.js";
import { verificationFailure } from "./token-rejection.js";

export interface OidcVerifierOptions extends DiscoveryTarget, RoleRules {
  /** Accepted `aud` values: `auth.client_id` followed by `auth.extra_audiences`. At least one. */
  readonly audiences: readonly string[];
  readonly log: Pick<Logger, "info" | "warn">;
  /** Allowed clock skew for `exp`, `nbf` and `iat`. Default 30 s. */
  readonly clockToleranceSeconds?: number;
  /** First delay between discovery attempts, doubled after each failure. Default 500 ms. */
  readonly retryInitialDelayMs?: number;
  /** Cap of the delay between discovery attempts. Default 30 s. */
  readonly retryMaxDelayMs?: number;
  /** Timeout of each request to the identity provider. Default 5 s. */
  readonly requestTimeoutMs?: number;
  /** Signing keys older than this are fetched again before use. Default 10 min. */
  readonly jwksCacheMaxAgeMs?: number;
  /** A token with an unknown `kid` refetches the keys at most once per this period. Default 30 s. */
  readonly jwksRefreshCooldownMs?: number;
}

export interface Readiness {
  readonly ready: boolean;
  /** Why the verifier cannot verify tokens yet; absent when ready. */
  readonly problem?: string;
}

interface Connection {
  readonly metadata: ProviderMetadata;
  readonly keys: SigningKeys;
}

/**
 * Verifies OIDC ID tokens from one identity provider and maps them to the {@link Caller} they
 * identify. Discovery runs in the background (see {@link start}); until it has succeeded every
 * verification fails with 503 `unavailable`, so nothing is ever served on an unverified token.
 */
export class OidcVerifier {
  readonly #options: OidcVerifierOptions;
  readonly #callers: CallerMapper;
  readonly #clockTolerance: number;
  readonly #stopping = new AbortController();
  #started = false;
  #connection: Connection | undefined;
  #problem = "discovery not started";

  constructor(options: OidcVerifierOptions) {
    // Misconfiguration must fail here, not weaken verification later (jose skips checks it is not given).
    for (const [name, url] of [
      ["issuer", options.issuer],
      ["discoveryUrl", options.discoveryUrl],
    ] as const) {
      if (url !== undefined && !URL.canParse(url))
        throw new TypeError(`OidcVerifier: ${name} must be an absolute URL`);
    }
    if (options.audiences.length === 0 || options.audiences.includes("")) {
      throw new TypeError("OidcVerifier: at least one non-empty audience is required");
    }
    this.#options = options;
    this.#callers = new CallerMapper(options);
    this.#clockTolerance = options.clockToleranceSeconds ?? 30;
  }

  /** Starts discovery in the background, retrying with capped exponential backoff until it succeeds. Never throws. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#problem = `waiting for discovery at ${discoveryDocumentUrl(this.#options.discoveryUrl ?? this.#options.issuer)}`;
    void this.#connectUntilReady();
  }

  /** Stops background discovery. Once discovery has succeeded, tokens keep being verified. */
  stop(): void {
    this.#stopping.abort();
    if (!this.#connection) this.#problem = "verifier stopped before discovery succeeded";
  }

  readiness(): Readiness {
    return this.#connection ? { ready: true } : { ready: false, problem: this.#problem };
  }

  /** The caller identified by an ID token; AppError 401 `unauthenticated` or 503 `unavailable` otherwise. */
  async verify(bearerToken: string): Promise<Caller> {
    const connection = this.#connection;
    if (!connection) throw new AppError("unavailable", `identity provider not ready: ${this.#problem}`);
    const { payload, protectedHeader } = await this.#verifySignatureAndClaims(bearerToken, connection);
    checkTokenType(protectedHeader);
    checkIssuedAt(payload, this.#clockTolerance, Math.floor(Date.now() / 1000));
    checkAuthorizedParty(payload, this.#options.audiences);
    return this.#callers.callerFrom(payload);
  }

  async #verifySignatureAndClaims(token: string, connection: Connection): Promise<JWTVerifyResult> {
    try {
      return await jwtVerify(token, connection.keys.resolve, {
        issuer: this.#options.issuer,
        audience: [...this.#options.audiences],
        algorithms: [...connection.metadata.signingAlgorithms],
        clockTolerance: this.#clockTolerance,
        requiredClaims: ["sub", "iat", "exp"],
      });
    } catch (error) {
      const failure = verificationFailure(error);
      if (failure) throw failure;
      this.#options.log.warn({ error: describe(error) }, "unexpected error while verifying an ID token");
      throw new AppError("unauthenticated", "token could not be verified");
    }
  }

  async #connectUntilReady(): Promise<void> {
    const { log, issuer } = this.#options;
    const signal = this.#stopping.signal;
    const timeoutMs = this.#options.requestTimeoutMs ?? 5_000;
    const retry = {
      initialDelayMs: this.#options.retryInitialDelayMs ?? 500,
      maxDelayMs: this.#options.retryMaxDelayMs ?? 30_000,
    };
    for (let failures = 1; !signal.aborted; failures++) {
      try {
        const metadata = await discoverProvider(this.#options, { timeoutMs, signal });
        const keys = remoteSigningKeys(metadata.jwksUrl, {
          cacheMaxAgeMs: this.#options.jwksCacheMaxAgeMs ?? 600_000,
          refreshCooldownMs: this.#options.jwksRefreshCooldownMs ?? 30_000,
          timeoutMs,
        });
        await keys.load();
        this.#connection = { metadata, keys };
        log.info(
          { issuer, jwksUrl: metadata.jwksUrl.href, algorithms: metadata.signingAlgorithms },
          "identity provider ready",
        );
        return;
      } catch (error) {
        if (signal.aborted) return;
        this.#problem = describe(error);
        const retryInMs = backoffDelay(failures, retry);
        log.warn(
          { issuer, problem: this.#problem, attempt: failures, retryInMs },
          "identity provider not ready",
        );
        await sleep(retryInMs, undefined, { signal }).catch(() => undefined);
      }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
