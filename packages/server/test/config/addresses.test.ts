import { describe, expect, it } from "vitest";
import { parseHostPort } from "../../src/config/addresses.js";
import { devConfig, problemAt, problemsOf } from "./helpers.js";

const listen = (text: string) => parseHostPort(text, { hostRequired: false });
const remote = (text: string) => parseHostPort(text, { hostRequired: true });

describe("listen addresses", () => {
  it.each([
    [":8080", "", 8080],
    ["127.0.0.1:8080", "127.0.0.1", 8080],
    ["[::1]:8080", "::1", 8080],
    ["[::]:443", "::", 443],
    ["localhost:9000", "localhost", 9000],
    ["jitsudo.internal.example.com:8443", "jitsudo.internal.example.com", 8443],
    ["127.0.0.1:0", "127.0.0.1", 0],
  ])("reads %s", (text, host, port) => {
    expect(listen(text)).toEqual({ ok: true, value: { host, port } });
  });

  it.each([
    ["8080", "write :8080 for every interface"],
    ["localhost", "has no port"],
    ["::1:8080", "put an IPv6 address in brackets"],
    ["[::1]", "has no port"],
    ["[::1:8080", "closing ]"],
    ["[not-v6]:80", "is not an IPv6 address"],
    [":99999", "from 0 to 65535"],
    [":http", "from 0 to 65535"],
    [":", "from 0 to 65535"],
    ["bad_host:80", '"bad_host" is not a host name'],
  ])("refuses %j", (text, reason) => {
    const parsed = listen(text);
    expect(parsed.ok ? "" : parsed.reason).toContain(reason);
  });
});

describe("addresses to connect to", () => {
  it("need a host and a non-zero port", () => {
    expect(remote("siem.example.com:514")).toEqual({
      ok: true,
      value: { host: "siem.example.com", port: 514 },
    });
    const noHost = remote(":514");
    expect(noHost.ok ? "" : noHost.reason).toContain("has no host");
    const portZero = remote("siem.example.com:0");
    expect(portZero.ok ? "" : portZero.reason).toContain("from 1 to 65535");
  });
});

describe("server.http_addr", () => {
  it("becomes {host, port}", () => {
    expect(devConfig({ server: { http_addr: "[::1]:8443" } }).server.httpAddr).toEqual({
      host: "::1",
      port: 8443,
    });
  });

  it("names the key when it is wrong", () => {
    const problem = problemAt(
      problemsOf(() => devConfig({ server: { http_addr: "8080" } })),
      "server.http_addr",
    );
    expect(problem.message).toBe(
      '"8080" has no host part; write :8080 for every interface or 127.0.0.1:8080',
    );
  });
});
