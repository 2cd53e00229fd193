import type { RegoObject, RegoSet } from "./collections.js";
import type { RegoNumber } from "./number.js";

/** A Rego value. Arrays are plain JS arrays, treated as immutable once built. */
export type Value = null | boolean | string | RegoNumber | Value[] | RegoSet | RegoObject;

export type TypeName = "null" | "boolean" | "number" | "string" | "array" | "object" | "set";
