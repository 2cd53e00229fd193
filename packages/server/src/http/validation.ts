/**
 * Route schemas are zod schemas (shared with the client). Fastify validates each part of a call
 * with them — replacing it with the parsed value, so handlers see normalised input — and answers
 * are serialised as plain JSON; the schemas double as the OpenAPI description (openapi.ts).
 */
import type { FastifyInstance, FastifySchemaCompiler } from "fastify";
import type { z } from "zod";
import { InputError } from "./problem.js";

const LOCATION = { body: "body", querystring: "query", params: "path", headers: "query" } as const;

const zodValidator: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const location = LOCATION[(httpPart ?? "body") as keyof typeof LOCATION] ?? "body";
  return (data: unknown) => {
    // A POST without a body carries the same meaning as an empty object.
    const result = schema.safeParse(location === "body" && data == null ? {} : data);
    return result.success ? { value: result.data } : { error: new InputError(location, result.error.issues) };
  };
};

export function useZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(zodValidator);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}
