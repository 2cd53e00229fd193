import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { normalizeServerUrl } from "../src/settings/server-url.js";
import { resolveSettings } from "../src/settings/settings.js";

describe("server URLs", () => {
  it.each([
    ["https://jitsudo.example.com/", "https://jitsudo.example.com"],
    ["http://jitsudo.internal:8080", "http://jitsudo.internal:8080"],
    ["jitsudo.example.com:8443", "https://jitsudo.example.com:8443"],
    ["localhost:8080", "http://localhost:8080"],
    ["127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["[::1]:8080", "http://[::1]:8080"],
    ["https://example.com/jitsudo/", "https://example.com/jitsudo"],
  ])("%s → %s", (input, url) => {
    expect(normalizeServerUrl(input)).toBe(url);
  });

  it("rejects other schemes and garbage as usage errors", () => {
    expect(() => normalizeServerUrl("ftp://x")).toThrow(/only http:\/\/ and https:\/\//);
    expect(() => normalizeServerUrl("http://")).toThrow(/invalid server URL/);
  });
});

describe("settings", () => {
  async function homeWithConfig(config: string): Promise<string> {
    const home = await mkdtemp(join(tmpdir(), "jitsudo-settings-"));
    await writeFile(join(home, "config.yaml"), config);
    return home;
  }

  it("take flags over JITSUDO_* variables over the config file", async () => {
    const home = await homeWithConfig(
      "server: https://from-config\noutput: yaml\ntls:\n  ca_file: /config/ca.pem\n",
    );
    const env = {
      JITSUDO_HOME: home,
      JITSUDO_SERVER: "https://from-env",
      JITSUDO_TLS_CA_FILE: "/env/ca.pem",
    };

    expect(await resolveSettings({}, { JITSUDO_HOME: home })).toMatchObject({
      explicitServer: undefined,
      configServer: "https://from-config",
      output: "yaml",
      tls: { caFile: "/config/ca.pem" },
    });
    expect(await resolveSettings({}, { ...env, JITSUDO_OUTPUT: "json" })).toMatchObject({
      explicitServer: "https://from-env",
      output: "json",
      tls: { caFile: "/env/ca.pem" },
    });
    expect(
      await resolveSettings({ server: "https://from-flag", output: "table", caFile: "/flag.pem" }, env),
    ).toMatchObject({
      explicitServer: "https://from-flag",
      output: "table",
      tls: { caFile: "/flag.pem" },
    });
  });

  it("read JITSUDO_DEBUG and JITSUDO_TOKEN", async () => {
    const home = await homeWithConfig("");
    expect(
      await resolveSettings({}, { JITSUDO_HOME: home, JITSUDO_DEBUG: "1", JITSUDO_TOKEN: "t" }),
    ).toMatchObject({
      debug: true,
      token: "t",
    });
    expect((await resolveSettings({}, { JITSUDO_HOME: home, JITSUDO_DEBUG: "false" })).debug).toBe(false);
  });

  it("name unknown keys of the config file", async () => {
    const home = await homeWithConfig("sever: https://typo\n");
    await expect(resolveSettings({}, { JITSUDO_HOME: home })).rejects.toThrow(/unknown key "sever"/);
    const tls = await homeWithConfig("tls:\n  ca: x\n");
    await expect(resolveSettings({}, { JITSUDO_HOME: tls })).rejects.toThrow(/tls: unknown key "ca"/);
  });

  it("require a config file named with --config to exist", async () => {
    await expect(resolveSettings({ config: "/no/such/config.yaml" }, { HOME: tmpdir() })).rejects.toThrow(
      /cannot read config file/,
    );
  });
});
