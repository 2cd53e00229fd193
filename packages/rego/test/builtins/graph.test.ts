import { describe, expect, it } from "vitest";
import { BuiltinError } from "../../src/builtins/registry.js";
import { RegoNumber, RegoSet, toJSON, type Value } from "../../src/value/index.js";
import { call, v } from "./call.js";

const json = (name: string, ...args: Value[]) => toJSON(call(name, ...args) as Value);

const graph = v({ a: ["b", "c"], b: RegoSet.of("d"), c: [], d: ["a"], lonely: [] });

describe("graph.reachable", () => {
  it("collects every node reachable from the initial ones, cycles included", () => {
    expect(json("graph.reachable", graph, v(["b"]))).toEqual(["a", "b", "c", "d"]);
    expect(json("graph.reachable", graph, RegoSet.of("c"))).toEqual(["c"]);
  });

  it("never reaches nodes that are not keys of the graph", () => {
    expect(json("graph.reachable", v({ a: ["x"] }), v(["a", "y"]))).toEqual(["a"]);
  });

  it("raises operand errors", () => {
    expect(() => call("graph.reachable", v([]), v([]))).toThrow(BuiltinError);
    expect(() => call("graph.reachable", graph, RegoNumber.fromInt(1))).toThrow(
      "operand 2 must be {array, set} but got number",
    );
  });
});

describe("graph.reachable_paths", () => {
  it("lists each path up to a node without edges or the start of a cycle", () => {
    expect(json("graph.reachable_paths", graph, v(["a"]))).toEqual([
      ["a", "b", "d"],
      ["a", "c"],
    ]);
    expect(json("graph.reachable_paths", graph, v(["lonely"]))).toEqual([["lonely"]]);
  });

  it("ends a path before a neighbour that is not in the graph", () => {
    expect(json("graph.reachable_paths", v({ a: ["x"] }), v(["a"]))).toEqual([["a"]]);
  });
});
