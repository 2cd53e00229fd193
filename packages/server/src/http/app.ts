/**
 * The HTTP server: Fastify with the API routes, the unauthenticated endpoints, problem+json
 * errors, one structured log line per request (never a token or credential) and metrics.
 */
import Fastify, { type FastifyHttpsOptions, type FastifyInstance, LogController } from "fastify";
import type { Logger } from "pino";
import { registerApiRoutes } from "./api-route.js";
import type { Authenticator } from "./authenticate.js";
import { type ReadinessCheck, registerHealthRoutes } from "./health.js";
import type { ServerMetrics } from "./metrics.js";
import { registerOpenApi } from "./openapi.js";
import { problemFor, problemOf, sendProblem } from "./problem.js";
import { auditRoutes } from "./routes/audit.js";
import { policyRoutes } from "./routes/policies.js";
import { principalRoutes } from "./routes/principals.js";
import { requestRoutes } from "./routes/requests.js";
import type { ServicesGetter } from "./services.js";
import { zodSchemaController } from "./validation.js";

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface HttpAppDeps {
  readonly log: Logger;
  readonly version: string;
  readonly auth: Authenticator;
  /** The services behind the API; throws 503 `unavailable` until the database is ready. */
  readonly services: ServicesGetter;
  readonly metrics: ServerMetrics;
  readonly readiness: ReadinessCheck;
  /** HTTPS (and mTLS) options; plain HTTP when absent. */
  readonly https?: FastifyHttpsOptions<never>["https"];
  /** Registers routes that only some modes have (the dev identity provider). */
  readonly extraRoutes?: (app: FastifyInstance) => Promise<void>;
}

export async function buildHttpApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log,
    // One line per request is written by the onResponse hook below, with the principal in it.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    schemaController: zodSchemaController,
    ...(deps.https ? { https: deps.https } : {}),
  }) as unknown as FastifyInstance;

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    deps.metrics.httpRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    request.log.info(
      {
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        principal: request.caller?.identity,
      },
      "request",
    );
  });
  app.setErrorHandler((err, request, reply) => sendProblem(reply, problemFor(err, request.log)));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemOf("not_found", `no route ${request.method} ${request.url.split("?")[0]}`)),
  );

  await registerOpenApi(app, deps.version);
  registerHealthRoutes(app, { version: deps.version, readiness: deps.readiness, metrics: deps.metrics });
  registerApiRoutes(app, deps.auth, {
    ...requestRoutes(deps.services),
    ...policyRoutes(deps.services),
    ...auditRoutes(deps.services),
    ...principalRoutes(deps.services),
  });
  await deps.extraRoutes?.(app);
  return app;
}
