// graph.reachable and graph.reachable_paths over an adjacency object: each key a node, its value
// the array or set of its neighbours. Nodes that are not keys have no edges and, as in OPA, are
// never reached themselves. Both walks charge their work to the evaluation budget.

import { type RegoObject, RegoSet, type Value } from "../value/index.js";
import { objectOperand } from "./operands.js";
import { type BuiltinContext, type BuiltinDef, operandTypeError } from "./registry.js";

function nodesOperand(v: Value): readonly Value[] {
  if (Array.isArray(v)) return v;
  if (v instanceof RegoSet) return v.values();
  throw operandTypeError(2, "{array, set}", v);
}

/** The neighbours listed for a node (none when the value is not an array or set). */
function neighbours(edges: Value): readonly Value[] {
  return Array.isArray(edges) ? edges : edges instanceof RegoSet ? edges.values() : [];
}

function reachable(graph: RegoObject, initial: readonly Value[], ctx: BuiltinContext): RegoSet {
  const reached = new RegoSet();
  const queue = [...initial];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    const edges = graph.get(node);
    if (edges === undefined || reached.has(node)) continue;
    const next = neighbours(edges);
    ctx.charge(next.length + 1);
    for (const n of next) if (!reached.has(n)) queue.push(n);
    reached.add(node);
  }
  return reached;
}

/** Every path from the initial nodes, each ending at a node without edges or before a cycle. */
function reachablePaths(graph: RegoObject, initial: readonly Value[], ctx: BuiltinContext): RegoSet {
  const paths = new RegoSet();
  const extend = (node: Value, path: Value[], onPath: RegoSet): void => {
    ctx.charge(1);
    const edges = graph.get(node);
    if (edges === undefined) {
      paths.add(path); // an unknown node ends the path without being part of it
      return;
    }
    const here = [...path, node];
    const next = neighbours(edges);
    if (next.length === 0) {
      paths.add(here);
      return;
    }
    const visited = RegoSet.from(onPath);
    visited.add(node);
    for (const n of next) {
      if (visited.has(n)) paths.add(here);
      else extend(n, here, visited);
    }
  };
  for (const node of initial) {
    const edges = graph.get(node);
    if (edges === undefined) continue;
    const next = neighbours(edges);
    if (next.length === 0) paths.add([node]);
    for (const n of next) extend(n, [node], RegoSet.of(node));
  }
  return paths;
}

export const graphBuiltins: BuiltinDef[] = [
  {
    name: "graph.reachable",
    arity: 2,
    impl: ([g, initial], ctx) => reachable(objectOperand(g!, 1), nodesOperand(initial!), ctx),
  },
  {
    name: "graph.reachable_paths",
    arity: 2,
    impl: ([g, initial], ctx) => reachablePaths(objectOperand(g!, 1), nodesOperand(initial!), ctx),
  },
];
