/** Turns zod's issues into configuration problems worded for the person editing the YAML file. */
import { z } from "zod";
import { envVarFor } from "./env.js";
import { formatPath, type KeyPath } from "./paths.js";
import { didYouMean } from "./suggest.js";

/** A problem before its source (file position or env var) is attached. */
export interface Finding {
  readonly path: KeyPath;
  readonly message: string;
}

const REQUIRED = "is required";

/** "is required", saying where it can be set: `is required … (set it in the file or in JITSUDOD_X)`. */
export function requiredMessage(key: string, when?: string): string {
  const env = envVarFor(key);
  const condition = when === undefined ? "" : ` ${when}`;
  return env === undefined
    ? `${REQUIRED}${condition}`
    : `${REQUIRED}${condition} (set it in the file or in ${env})`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a mapping (key: value lines)",
  record: "a mapping (key: value lines)",
  array: "a list",
};

/**
 * The wording of zod's own checks, passed per parse so that the rest of the server keeps zod's
 * defaults. Only enum values are quoted back: no secret is ever an enum.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined) return REQUIRED;
      const emptyBlock =
        issue.input === null && issue.expected === "object" ? "; write {} for a block of defaults" : "";
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describeValue(issue.input)}${emptyBlock}`;
    }
    case "invalid_value": {
      const allowed = issue.values.map(String);
      const given = typeof issue.input === "string" ? `, not ${JSON.stringify(issue.input)}` : "";
      const hint = typeof issue.input === "string" ? didYouMean(issue.input, allowed) : "";
      return `must be one of ${allowed.join(", ")}${given}${hint}`;
    }
    case "too_small":
      if (issue.origin !== "array") return `must be at least ${issue.minimum}`;
      return `must list at least ${issue.minimum} ${issue.minimum === 1 ? "entry" : "entries"}`;
    case "too_big":
      return `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
};

function describeValue(value: unknown): string {
  if (value === null) return "empty (the key has no value)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "boolean") return "true/false";
  return `a ${typeof value}`;
}

/** One finding per unknown key (zod groups them per mapping), with a did-you-mean from the schema. */
export function findingsFromIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType): Finding[] {
  return issues.flatMap((issue): Finding[] => {
    const path = issue.path.filter((segment) => typeof segment !== "symbol");
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(schema, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown key${didYouMean(key, known)}`,
      }));
    }
    if (issue.code === "invalid_key") {
      return [{ path, message: issue.issues[0]?.message ?? "is not a valid key here" }];
    }
    return [
      { path, message: issue.message === REQUIRED ? requiredMessage(formatPath(path)) : issue.message },
    ];
  });
}

/** The keys the schema accepts in the mapping at `path`. */
function knownKeysAt(schema: z.ZodType, path: KeyPath): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (node instanceof z.ZodObject) node = node.shape[segment] as z.ZodType | undefined;
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else if (node instanceof z.ZodRecord) node = node.valueType as z.ZodType;
    else return [];
    if (node === undefined) return [];
    node = unwrap(node);
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

/** Looks through defaults, optionals and transforms to the schema that reads the input. */
function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema;
  for (;;) {
    if (
      node instanceof z.ZodOptional ||
      node instanceof z.ZodNullable ||
      node instanceof z.ZodDefault ||
      node instanceof z.ZodPrefault
    ) {
      node = node.unwrap() as z.ZodType;
    } else if (node instanceof z.ZodPipe) {
      node = node.in as z.ZodType;
    } else {
      return node;
    }
  }
}
