/**
 * Registers `/api/v1alpha1` routes from the route table shared with the client (@jitsudo/client):
 * one definition gives the path, the zod schemas that validate each call (see validation.ts),
 * the status and the OpenAPI description. Callers are authenticated before the body is read.
 */
import { API_PREFIX, type RouteName, type RouteSpec, ROUTES } from "@jitsudo/client";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import type { Caller } from "../auth/principal.js";
import { type Authenticator, authenticate } from "./authenticate.js";

type Parsed<R, K extends "params" | "query" | "body"> = R extends { [P in K]: infer S extends z.ZodType }
  ? z.output<S>
  : undefined;

export interface RouteInput<R extends RouteSpec> {
  caller: Caller;
  params: Parsed<R, "params">;
  query: Parsed<R, "query">;
  body: Parsed<R, "body">;
  request: FastifyRequest;
  reply: FastifyReply;
}

export type RouteHandler<R extends RouteSpec> = (input: RouteInput<R>) => Promise<unknown>;
export type RouteHandlers<N extends RouteName = RouteName> = { [K in N]: RouteHandler<(typeof ROUTES)[K]> };

/** `/requests/{id}` → `/requests/:id`; the colon of `/policies:eval` is literal, so doubled. */
export function fastifyPath(path: string): string {
  return API_PREFIX + path.replace(/:/g, "::").replace(/\{(\w+)\}/g, ":$1");
}

export function registerApiRoutes(
  app: FastifyInstance,
  auth: Authenticator,
  handlers: Partial<RouteHandlers>,
): void {
  for (const [name, handler] of Object.entries(handlers) as [RouteName, RouteHandler<RouteSpec>][]) {
    const spec: RouteSpec = ROUTES[name];
    app.route({
      method: spec.method,
      url: fastifyPath(spec.path),
      schema: {
        operationId: name,
        summary: spec.summary,
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.query ? { querystring: spec.query } : {}),
        ...(spec.body ? { body: spec.body } : {}),
        response: { [spec.status]: spec.response ?? { type: "null", description: "No content" } },
        security: [{ bearer: [] }],
      },
      onRequest: async (request) => {
        await authenticate(auth, request);
      },
      handler: async (request, reply) => {
        const result = await handler({
          caller: request.caller as Caller,
          params: request.params as never,
          query: request.query as never,
          body: request.body as never,
          request,
          reply,
        });
        reply.code(spec.status);
        return spec.status === 204 ? reply.send() : result;
      },
    });
  }
}
