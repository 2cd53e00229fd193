import { describe, expect, it } from "vitest";
import { compile, RegoCompileError } from "../../src/index.js";

const evalRule = (sources: string[], path: string) =>
  compile(sources.map((source, i) => ({ name: `m${i}.rego`, source }))).evalRule(path);

function compileError(source: string): string {
  try {
    compile([{ name: "m.rego", source }]);
  } catch (e) {
    if (e instanceof RegoCompileError) return e.errors.map((x) => `${x.code}: ${x.message}`).join("; ");
    throw e;
  }
  throw new Error("compiled");
}

describe("rego.metadata.chain and rego.metadata.rule", () => {
  it("chains rule, document, package and subpackages annotations, innermost first", () => {
    const root = `# METADATA
# scope: subpackages
# organizations: [acme]
package acme
`;
    const pkg = `# METADATA
# description: access rules
package acme.access

# METADATA
# scope: document
# title: allow
allow := false if { false }

# METADATA
# title: allow for admins
# authors:
# - Jane Doe <jane@example.com>
# - {name: Bob}
# related_resources:
# - https://example.com/runbook
# custom: {severity: high}
allow if {
	rego.metadata.rule().title == "allow for admins"
}

chain := rego.metadata.chain() if allow
`;
    expect(evalRule([root, pkg], "data.acme.access.allow")).toBe(true);
    expect(evalRule([root, pkg], "data.acme.access.chain")).toEqual([
      { path: ["acme", "access", "chain"] },
      { path: ["acme", "access"], annotations: { scope: "package", description: "access rules" } },
      { path: ["acme"], annotations: { scope: "subpackages", organizations: ["acme"] } },
    ]);
    const own = `${pkg}
# METADATA
# title: mine
mine := rego.metadata.chain()
`;
    const chain = evalRule([root, own], "data.acme.access.mine") as { path: string[] }[];
    expect(chain.map((c) => c.path)).toEqual([["acme", "access", "mine"], ["acme", "access"], ["acme"]]);
    expect(chain[0]).toEqual({
      path: ["acme", "access", "mine"],
      annotations: { scope: "rule", title: "mine" },
    });
  });

  it("renders authors, related resources and custom fields as OPA does", () => {
    const src = `package t

# METADATA
# title: r
# authors:
# - Jane Doe <jane@example.com>
# - {name: Bob}
# related_resources:
# - https://example.com/runbook
# - {ref: "https://example.com/x", description: more}
# custom: {severity: high}
r := rego.metadata.rule()
`;
    expect(evalRule([src], "data.t.r")).toEqual({
      scope: "rule",
      title: "r",
      authors: [{ name: "Jane Doe", email: "jane@example.com" }, { name: "Bob" }],
      related_resources: [
        { ref: "https://example.com/runbook" },
        { ref: "https://example.com/x", description: "more" },
      ],
      custom: { severity: "high" },
    });
    expect(evalRule(["package t\nr := rego.metadata.rule()\n"], "data.t.r")).toEqual({});
  });

  it("reports malformed annotations as parse errors", () => {
    expect(compileError("# METADATA\n# scope: rule\npackage t\n")).toBe(
      "rego_parse_error: annotation scope 'rule' must be applied to rule (have package)",
    );
    expect(compileError("package t\n# METADATA\n# scope: everything\np := 1\n")).toBe(
      "rego_parse_error: invalid annotation scope 'everything'. Use one of 'rule', 'document', 'package', or 'subpackages'",
    );
    expect(compileError("package t\n# METADATA\n# title: [unclosed\np := 1\n")).toMatch(
      /^rego_parse_error: yaml: /,
    );
    expect(compileError("package t\n# METADATA\n# authors: [{email: 1}]\np := 1\n")).toBe(
      "rego_parse_error: invalid author definition: 'name' and/or 'email' values required in object",
    );
  });
});
