import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { ISSUER, writeTempFile } from "./helpers.js";

const fileWithPort = (port: number) => writeTempFile("jitsudod.yaml", `server:\n  http_addr: ":${port}"\n`);

describe("loadConfig", () => {
  it("reads the file given by --config", () => {
    const file = fileWithPort(9001);
    const loaded = loadConfig({ file, env: {}, mode: "dev" });
    expect(loaded.config.server.httpAddr.port).toBe(9001);
    expect(loaded.file).toBe(file);
  });

  it("falls back to JITSUDOD_CONFIG", () => {
    const file = fileWithPort(9002);
    const loaded = loadConfig({ env: { JITSUDOD_CONFIG: file }, mode: "dev" });
    expect(loaded.config.server.httpAddr.port).toBe(9002);
    expect(loaded.file).toBe(file);
  });

  it("prefers --config to JITSUDOD_CONFIG", () => {
    const loaded = loadConfig({
      file: fileWithPort(9003),
      env: { JITSUDOD_CONFIG: fileWithPort(9004) },
      mode: "dev",
    });
    expect(loaded.config.server.httpAddr.port).toBe(9003);
  });

  it("runs on defaults and environment without a file", () => {
    const loaded = loadConfig({ env: { JITSUDOD_OIDC_ISSUER: ISSUER, JITSUDOD_CONFIG: "" }, mode: "serve" });
    expect(loaded.file).toBeUndefined();
    expect(loaded.config.server.httpAddr.port).toBe(8080);
    expect(loaded.config.auth.oidcIssuer).toBe(ISSUER);
  });

  it("takes an empty file as all defaults", () => {
    const loaded = loadConfig({ file: writeTempFile("empty.yaml", "# nothing yet\n"), env: {}, mode: "dev" });
    expect(loaded.config.log.level).toBe("info");
  });

  it("lets the environment win over the file", () => {
    const loaded = loadConfig({
      file: fileWithPort(9005),
      env: { JITSUDOD_HTTP_ADDR: ":9006" },
      mode: "dev",
    });
    expect(loaded.config.server.httpAddr.port).toBe(9006);
  });
});
