import { describe, expect, test } from "vitest";
import { RegoSet, toJSON } from "../../src/value/index.js";
import { call, v } from "./call.js";

describe("walk", () => {
  test("yields [path, value] for every node, pre-order, keys sorted", () => {
    expect(toJSON(call("walk", v({ b: [true], a: 1 }))!)).toEqual([
      [[], { a: 1, b: [true] }],
      [["a"], 1],
      [["b"], [true]],
      [["b", 0], true],
    ]);
  });

  test("set members are their own path element", () => {
    expect(toJSON(call("walk", RegoSet.of("x"))!)).toEqual([
      [[], ["x"]],
      [["x"], "x"],
    ]);
  });
});
