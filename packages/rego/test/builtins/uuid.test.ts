import { describe, expect, test } from "vitest";
import { toJSON } from "../../src/value/index.js";
import { call, v } from "./call.js";

const parse = (s: string) => {
  const out = call("uuid.parse", v(s));
  return out === undefined ? undefined : toJSON(out);
};

describe("uuid.rfc4122", () => {
  test("random version 4 UUIDs, the same for the same key within a query", () => {
    const a = call("uuid.rfc4122", v("a"));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(call("uuid.rfc4122", v("a"))).toBe(a);
    expect(call("uuid.rfc4122", v("b"))).not.toBe(a);
  });
});

describe("uuid.parse", () => {
  test("version 1: time, node, clock sequence", () => {
    expect(parse("b4cc8000-a838-11ee-8123-02005e100001")).toEqual({
      version: 1,
      variant: "RFC4122",
      time: 1704067200000000000,
      nodeid: "02-00-5e-10-00-01",
      macvariables: "local:unicast",
      clocksequence: 0x123,
    });
  });

  test("version 2 adds the local id and domain", () => {
    expect(parse("000003e8-a838-21ee-8101-02005e100001")).toMatchObject({
      version: 2,
      id: 1000,
      domain: "Group",
      time: 1704066896670000800n,
    });
  });

  test("the forms google/uuid accepts", () => {
    const v4 = { version: 4, variant: "RFC4122" };
    expect(parse("6ba7b810-9dad-41d1-80b4-00c04fd430c8")).toEqual(v4);
    expect(parse("URN:uuid:6ba7b810-9dad-41d1-80b4-00c04fd430c8")).toEqual(v4);
    expect(parse("{6ba7b810-9dad-41d1-80b4-00c04fd430c8}")).toEqual(v4);
    expect(parse("6ba7b8109dad41d180b400c04fd430c8")).toEqual(v4);
    expect(parse("6ba7b810-9dad-41d1-c0b4-00c04fd430c8")).toEqual({ version: 4, variant: "Microsoft" });
  });

  test("anything else is undefined, not an error", () => {
    expect(parse("6ba7b810-9dad-41d1-80b4-00c04fd430c")).toBeUndefined();
    expect(parse("6ba7b810x9dad-41d1-80b4-00c04fd430c8")).toBeUndefined();
    expect(parse("urn:uuix:6ba7b810-9dad-41d1-80b4-00c04fd430c8")).toBeUndefined();
  });
});
