/** Bearer-token authentication of `/api` routes: every call is verified, nothing is cached per token. */
import type { FastifyRequest } from "fastify";
import { bearerToken } from "../auth/bearer.js";
import type { Caller } from "../auth/principal.js";

/** What the HTTP layer needs of token verification (the OIDC verifier in production and dev). */
export interface Authenticator {
  verify(token: string): Promise<Caller>;
  readiness(): { ready: boolean; problem?: string };
}

declare module "fastify" {
  interface FastifyRequest {
    caller?: Caller;
  }
}

export async function authenticate(auth: Authenticator, req: FastifyRequest): Promise<Caller> {
  const caller = await auth.verify(bearerToken(req.headers.authorization));
  req.caller = caller;
  return caller;
}
