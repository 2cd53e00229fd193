/**
 * Prometheus metrics (`GET /metrics`, spec 02): HTTP calls by route and status with latency,
 * requests by state, the job queue, policy evaluations with latency, and audit appends. Counts
 * that live in the database are read when scraped, so every instance reports the same totals.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { PolicyMetrics } from "../policy/index.js";
import type { PolicyType } from "../policy/types.js";

export interface MetricSources {
  requestsByState(): Promise<Record<string, number>>;
  jobs(): Promise<{ queued: number; failing: number }>;
  auditEvents(): Promise<number>;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class ServerMetrics implements PolicyMetrics {
  readonly registry = new Registry();
  readonly #httpRequests: Counter<"method" | "route" | "status">;
  readonly #httpDuration: Histogram<"method" | "route" | "status">;
  readonly #policyEvaluations: Counter<"type" | "outcome">;
  readonly #policyDuration: Histogram<"type">;
  #sources: MetricSources | undefined;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: "jitsudod_" });
    this.#httpRequests = new Counter({
      name: "jitsudod_http_requests_total",
      help: "HTTP requests served, by method, route and status",
      labelNames: ["method", "route", "status"],
      registers,
    });
    this.#httpDuration = new Histogram({
      name: "jitsudod_http_request_duration_seconds",
      help: "HTTP request latency",
      labelNames: ["method", "route", "status"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#policyEvaluations = new Counter({
      name: "jitsudod_policy_evaluations_total",
      help: "Policy set evaluations, by policy type and outcome (allow, deny, error)",
      labelNames: ["type", "outcome"],
      registers,
    });
    this.#policyDuration = new Histogram({
      name: "jitsudod_policy_evaluation_duration_seconds",
      help: "Latency of evaluating one policy set",
      labelNames: ["type"],
      buckets: [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1],
      registers,
    });
    const sources = () => this.#sources;
    new Gauge({
      name: "jitsudod_requests",
      help: "Elevation requests by state",
      labelNames: ["state"],
      registers,
      async collect() {
        const counts = await sources()?.requestsByState();
        for (const [state, n] of Object.entries(counts ?? {})) this.set({ state }, n);
      },
    });
    new Gauge({
      name: "jitsudod_jobs_queued",
      help: "Background jobs waiting or running",
      registers,
      async collect() {
        const jobs = await sources()?.jobs();
        if (jobs) this.set(jobs.queued);
      },
    });
    new Gauge({
      name: "jitsudod_jobs_failing",
      help: "Background jobs whose last attempt failed (retrying)",
      registers,
      async collect() {
        const jobs = await sources()?.jobs();
        if (jobs) this.set(jobs.failing);
      },
    });
    new Gauge({
      name: "jitsudod_audit_events",
      help: "Events appended to the audit log (the chain head's id)",
      registers,
      async collect() {
        const n = await sources()?.auditEvents();
        if (n !== undefined) this.set(n);
      },
    });
  }

  /** Connects the database-backed gauges once the store and job runner exist. */
  setSources(sources: MetricSources): void {
    this.#sources = sources;
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.#httpRequests.inc(labels);
    this.#httpDuration.observe(labels, seconds);
  }

  evaluated(type: PolicyType, outcome: "allow" | "deny" | "error", seconds: number): void {
    this.#policyEvaluations.inc({ type, outcome });
    this.#policyDuration.observe({ type }, seconds);
  }
}
