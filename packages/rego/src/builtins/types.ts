// Type checks: is_* succeed with true or false for any value; type_name names the kind.
import { typeName, type TypeName } from "../value/index.js";
import type { BuiltinDef } from "./registry.js";

const is = (name: string, kind: TypeName): BuiltinDef => ({
  name,
  arity: 1,
  impl: (args) => typeName(args[0]!) === kind,
});

export const typesBuiltins: BuiltinDef[] = [
  is("is_number", "number"),
  is("is_string", "string"),
  is("is_boolean", "boolean"),
  is("is_array", "array"),
  is("is_set", "set"),
  is("is_object", "object"),
  is("is_null", "null"),
  { name: "type_name", arity: 1, impl: (args) => typeName(args[0]!) },
];
