import type { Body, Location, Term } from "../syntax/ast.js";

export type RuleKind = "complete" | "multi" | "object" | "function";

/** One rule definition (with its else chain), ready for the evaluator. */
export interface CompiledRule {
  kind: RuleKind;
  /** Path of the rule-tree node the rule contributes to (under `data`). */
  path: string[];
  /** Dynamic head ref after the node path, e.g. `[q].r` of `p[q].r := i`. */
  suffix: Term[];
  /** Element of a multi-value rule (`p contains x`). */
  key: Term | undefined;
  value: Term | undefined;
  args: Term[] | undefined;
  body: Body;
  /** Frame size: the number of local variable slots. */
  nslots: number;
  elseRule: CompiledRule | undefined;
  isDefault: boolean;
  loc: Location;
}

export interface RuleNode {
  path: string[];
  children: Map<string, RuleNode>;
  rules: CompiledRule[];
  defaultRule: CompiledRule | undefined;
  /** Function arity when the node holds functions. */
  arity: number | undefined;
}

export interface CompiledQuery {
  body: Body;
  nslots: number;
  /** Slot of each user-visible query variable, in order of appearance. */
  outputs: { name: string; slot: number }[];
}

export function newNode(path: string[]): RuleNode {
  return { path, children: new Map(), rules: [], defaultRule: undefined, arity: undefined };
}
