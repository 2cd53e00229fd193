/** The unauthenticated endpoints (spec 02): liveness, readiness, version and metrics. */
import type { FastifyInstance } from "fastify";
import type { ServerMetrics } from "./metrics.js";

export interface ReadinessCheck {
  /** Problems that keep the server from serving; empty when ready. */
  problems(): Promise<string[]>;
}

export function registerHealthRoutes(
  app: FastifyInstance,
  opts: { version: string; readiness: ReadinessCheck; metrics: ServerMetrics },
): void {
  app.get("/healthz", async (_req, reply) => reply.type("text/plain").send("ok"));
  app.get("/readyz", async (_req, reply) => {
    const problems = await opts.readiness.problems();
    if (problems.length === 0) return reply.type("text/plain").send("ok");
    return reply
      .code(503)
      .type("text/plain")
      .send(`not ready:\n${problems.map((p) => `- ${p}`).join("\n")}\n`);
  });
  app.get("/version", async () => ({ version: opts.version, api_versions: ["v1alpha1"] }));
  app.get("/metrics", async (_req, reply) =>
    reply.type(opts.metrics.registry.contentType).send(await opts.metrics.registry.metrics()),
  );
}
