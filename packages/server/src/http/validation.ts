/**
 * Route schemas are zod schemas (shared with the client). Fastify validates each part of a call
 * with them — replacing it with the parsed value, so handlers see normalised input — and answers
 * are serialised as plain JSON; the schemas double as the OpenAPI description (openapi.ts).
 */
import type { FastifySchemaCompiler, FastifyServerOptions } from "fastify";
import type { z } from "zod";
import { InputError } from "./problem.js";

const LOCATION = { body: "body", querystring: "query", params: "path", headers: "query" } as const;

const zodValidator: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const location = LOCATION[(httpPart ?? "body") as keyof typeof LOCATION] ?? "body";
  return (data: unknown) => {
    const unstorable = unstorableText(data, []);
    if (unstorable) return { error: new InputError(location, [unstorable]) };
    // A POST without a body carries the same meaning as an empty object.
    const result = schema.safeParse(location === "body" && data == null ? {} : data);
    return result.success ? { value: result.data } : { error: new InputError(location, result.error.issues) };
  };
};

/** NUL, and UTF-16 halves without their other half (JSON's "\\ud800"), which UTF-8 and PostgreSQL text cannot hold. */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first string or object key in `data` that could not be stored as it was sent, as an input issue. */
function unstorableText(data: unknown, path: PropertyKey[]): z.core.$ZodIssue | undefined {
  if (typeof data === "string") {
    return UNSTORABLE.test(data)
      ? { code: "custom", path, message: "must be Unicode text without NUL characters", input: data }
      : undefined;
  }
  if (data === null || typeof data !== "object") return undefined;
  for (const [key, value] of Object.entries(data)) {
    const at = [...path, key];
    if (UNSTORABLE.test(key))
      return { code: "custom", path: at, message: "must be Unicode text without NUL characters", input: key };
    const issue = unstorableText(value, at);
    if (issue) return issue;
  }
  return undefined;
}

/**
 * Fastify's schema controller with these compilers. Given as a factory, Fastify never loads its
 * default ones (ajv and fast-json-stringify, ~100 modules the server would keep in memory unused).
 */
export const zodSchemaController = {
  compilersFactory: {
    buildValidator: () => zodValidator,
    buildSerializer: () => () => (data: unknown) => JSON.stringify(data),
  },
} as unknown as FastifyServerOptions["schemaController"]; // its types are written for ajv's compilers
