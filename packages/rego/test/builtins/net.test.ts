import { describe, expect, it } from "vitest";
import { netBuiltins } from "../../src/builtins/net.js";
import { RegoNumber, RegoObject, RegoSet } from "../../src/value/index.js";
import { plainCalls, testContext } from "./call.js";

const { call, failure } = plainCalls(testContext());

describe("net.cidr_contains", () => {
  it("checks IPv4 and IPv6 addresses and subnets", () => {
    expect(call("net.cidr_contains", "10.0.0.0/8", "10.1.0.0/24")).toBe(true);
    expect(call("net.cidr_contains", "10.0.0.0/8", "10.1.2.3")).toBe(true);
    expect(call("net.cidr_contains", "10.0.0.0/8", "192.168.1.1")).toBe(false);
    expect(call("net.cidr_contains", "172.17.0.0/24", "172.17.0.0/16")).toBe(false);
    expect(call("net.cidr_contains", "2001:4860:4860::8888/32", "2001:4860:4860:1234::8888/40")).toBe(true);
    expect(call("net.cidr_contains", "2001:4860::/96", "2001:4860::/32")).toBe(false);
    expect(call("net.cidr_contains", "2001:4860::/32", "fd1e:5bfe:8af3:9ddc::/64")).toBe(false);
  });

  it("treats IPv4-mapped IPv6 addresses as IPv4, and never mixes families otherwise", () => {
    expect(call("net.cidr_contains", "10.0.0.0/8", "::ffff:10.1.2.3")).toBe(true);
    expect(call("net.cidr_contains", "::/0", "10.1.2.3")).toBe(false);
  });

  it("reports malformed operands", () => {
    expect(failure("net.cidr_contains", "not-a-cidr", "192.168.1.67")).toEqual({
      code: "eval_builtin_error",
      message: "invalid CIDR address: not-a-cidr",
    });
    expect(failure("net.cidr_contains", "192.168.1.0/28", "not-a-cidr").message).toBe(
      "not a valid textual representation of an IP address or CIDR: not-a-cidr",
    );
    expect(failure("net.cidr_contains", "10.0.0.0/8", "010.1.2.3").message).toContain("not a valid textual");
    expect(failure("net.cidr_contains", RegoNumber.fromInt(1), "10.0.0.1").code).toBe("eval_type_error");
  });

  it("keeps the deprecated net.cidr_overlap as an alias", () => {
    expect(call("net.cidr_overlap", "10.0.0.0/8", "10.1.2.3")).toBe(true);
    expect(netBuiltins.find((d) => d.name === "net.cidr_overlap")?.deprecated).toBe(true);
  });
});

describe("net.cidr_intersects", () => {
  it("detects overlapping networks", () => {
    expect(call("net.cidr_intersects", "192.168.1.0/25", "192.168.1.64/25")).toBe(true);
    expect(call("net.cidr_intersects", "192.168.1.0/24", "192.168.2.0/24")).toBe(false);
    expect(call("net.cidr_intersects", "fd1e:5bfe:8af3:9ddc::/64", "fd1e:5bfe:8af3:9ddc:1111::/72")).toBe(
      true,
    );
    expect(call("net.cidr_intersects", "fd1e:5bfe:8af3:9ddc::/64", "2001:4860:4860::8888/32")).toBe(false);
    expect(failure("net.cidr_intersects", "192.168.1.0/28", "not-a-cidr").message).toBe(
      "invalid CIDR address: not-a-cidr",
    );
  });
});

describe("net.cidr_contains_matches", () => {
  it("indexes strings by themselves, arrays by position, sets by element and objects by key", () => {
    expect(call("net.cidr_contains_matches", "1.1.1.0/24", "1.1.1.1")).toEqual([["1.1.1.0/24", "1.1.1.1"]]);
    expect(call("net.cidr_contains_matches", ["1.1.2.0/24", "1.1.1.0/24"], ["1.1.1.1", "1.1.2.1"])).toEqual([
      [0n, 1n],
      [1n, 0n],
    ]);
    expect(
      call(
        "net.cidr_contains_matches",
        RegoSet.of(["1.1.1.0/24", "bar"], ["1.1.2.0/24", "foo"]),
        RegoSet.of(["1.1.1.1", "baz"]),
      ),
    ).toEqual([
      [
        ["1.1.1.0/24", "bar"],
        ["1.1.1.1", "baz"],
      ],
    ]);
    const cidrs = RegoObject.fromEntries([
      ["k1", "1.1.1.1/24"],
      ["k2", ["1.1.1.2/24", RegoNumber.fromInt(1)]],
    ]);
    expect(call("net.cidr_contains_matches", cidrs, "1.1.1.128")).toEqual([
      ["k1", "1.1.1.128"],
      ["k2", "1.1.1.128"],
    ]);
  });

  it("rejects elements that are neither strings nor non-empty arrays", () => {
    expect(failure("net.cidr_contains_matches", ["1.1.2.0/24"], ["1.1.1.1", RegoNumber.fromInt(1)])).toEqual({
      code: "eval_builtin_error",
      message: "operand 2: element must be string or non-empty array",
    });
    expect(failure("net.cidr_contains_matches", [[]], "1.1.1.1").message).toBe(
      "operand 1: element must be string or non-empty array",
    );
  });
});

describe("net.cidr_expand", () => {
  it("lists every address, network and broadcast included", () => {
    expect(call("net.cidr_expand", "192.168.1.1/30")).toEqual([
      "192.168.1.0",
      "192.168.1.1",
      "192.168.1.2",
      "192.168.1.3",
    ]);
    expect(call("net.cidr_expand", "192.168.1.1/32")).toEqual(["192.168.1.1"]);
    expect(call("net.cidr_expand", "fe80::/127")).toEqual(["fe80::", "fe80::1"]);
  });

  it("rejects invalid and oversized networks", () => {
    expect(failure("net.cidr_expand", "192.168.1.1/33").message).toBe("invalid CIDR address: 192.168.1.1/33");
    expect(failure("net.cidr_expand", "10.0.0.0/8").message).toContain("16777216 addresses");
  });
});

describe("net.cidr_is_valid", () => {
  it("accepts only CIDR text", () => {
    expect(call("net.cidr_is_valid", "192.168.1.0/24")).toBe(true);
    expect(call("net.cidr_is_valid", "2002::1234:abcd:ffff:c0a8:101/64")).toBe(true);
    expect(call("net.cidr_is_valid", "192.168.1.2")).toBe(false);
    expect(call("net.cidr_is_valid", "")).toBe(false);
    expect(call("net.cidr_is_valid", "1::2::3/64")).toBe(false);
    expect(call("net.cidr_is_valid", RegoNumber.fromInt(1))).toBe(false);
  });
});

describe("net.cidr_merge", () => {
  const merge = (...cidrs: string[]) => call("net.cidr_merge", cidrs);

  it("merges adjacent and contained networks", () => {
    expect(merge("192.0.128.0/24", "192.0.129.0/24")).toEqual(["192.0.128.0/23"]);
    expect(merge("192.0.2.112/30", "192.0.2.116/31", "192.0.2.118/31")).toEqual(["192.0.2.112/29"]);
    expect(merge("192.0.2.112/31", "192.0.2.116/31", "192.0.2.118/31")).toEqual([
      "192.0.2.112/31",
      "192.0.2.116/30",
    ]);
    expect(merge("192.0.128.0/24", "0.0.0.0/0")).toEqual(["0.0.0.0/0"]);
    expect(merge("192.0.128.0/24", "192.0.128.0/24")).toEqual(["192.0.128.0/24"]);
    expect(merge()).toEqual([]);
  });

  it("splits a merged range into the fewest CIDRs", () => {
    const sixteen = Array.from({ length: 16 }, (_, i) => `192.0.2.${i * 16}/28`);
    expect(merge("192.0.1.254/31", ...sixteen, "192.0.3.0/28")).toEqual([
      "192.0.1.254/31",
      "192.0.2.0/24",
      "192.0.3.0/28",
    ]);
  });

  it("handles IPv6 and mixed families", () => {
    expect(merge("::/0", "::192.0.2.0/124", "ff00::101/128")).toEqual(["::/0"]);
    expect(merge("fe80::/120", "192.0.2.0/24", "192.0.3.0/24", "192.0.4.0/25", "192.0.4.128/25")).toEqual([
      "192.0.2.0/23",
      "192.0.4.0/24",
      "fe80::/120",
    ]);
    expect(
      merge("2601:600:8a80:207e:a57d:7567:e2c9:e7b3/64", "2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128"),
    ).toEqual(["2601:600:8a80:207e::/64"]);
  });

  it("gives bare IPv4 addresses their classful network", () => {
    expect(merge("192.0.128.0", "192.0.129.0")).toEqual(["192.0.128.0/23"]);
    expect(merge("192.0.2.112", "192.0.2.116/31")).toEqual(["192.0.2.0/24"]);
    expect(merge("10.1.2.3")).toEqual(["10.1.2.3/8"]);
  });

  it("reports bad elements", () => {
    expect(failure("net.cidr_merge", ["2601:600:8a80:207e:a57d:7567:e2c9:e7b3"]).message).toBe(
      "IPv6 invalid: needs prefix length",
    );
    expect(failure("net.cidr_merge", ["foo"]).message).toBe("invalid CIDR address: foo");
    expect(failure("net.cidr_merge", [RegoNumber.fromInt(1)]).message).toBe("element must be string");
  });
});
