import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { formatFlatYaml, parseFlatYaml } from "../src/settings/flat-yaml.js";

const keys = fc.constantFrom(
  "server_url",
  "issuer",
  "client_id",
  "token",
  "refresh_token",
  "expires_at",
  "email",
);
const mappings = fc.dictionary(keys, fc.string({ unit: "binary" }));

describe("flat YAML", () => {
  it("writes what a YAML parser reads as the same mapping", () => {
    fc.assert(
      fc.property(mappings, (values) => {
        expect(parse(formatFlatYaml(values)) ?? {}).toEqual(values);
      }),
    );
  });

  it("reads its own output back without the YAML parser, and other YAML with it", async () => {
    await fc.assert(
      fc.asyncProperty(mappings, async (values) => {
        expect(await parseFlatYaml(formatFlatYaml(values))).toEqual(values);
      }),
    );
    expect(await parseFlatYaml('token: "a"\n# comment\nemail: b\n')).toEqual({ token: "a", email: "b" });
    expect(await parseFlatYaml('token: "\\x41"\n')).toEqual({ token: "A" });
    expect(await parseFlatYaml("")).toEqual({});
  });
});
