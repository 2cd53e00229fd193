// opa.runtime: OPA returns an empty object when it runs without runtime information (as an
// embedded library does). This engine never exposes its process environment, so that is all
// it returns.

import { RegoObject } from "../value/index.js";
import type { BuiltinDef } from "./registry.js";

export const runtimeBuiltins: BuiltinDef[] = [
  { name: "opa.runtime", arity: 0, nondeterministic: true, impl: () => new RegoObject() },
];
