import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bashCompletion } from "../src/completion/bash.js";
import { completionTree } from "../src/completion/tree.js";
import { zshCompletion } from "../src/completion/zsh.js";
import { buildProgram } from "../src/program.js";
import { CLI_VERSION } from "../src/version.js";
import { runCli } from "./helpers/run-cli.js";

const program = buildProgram(() => async () => undefined);

function commandsOf(): string[] {
  const paths: string[] = [];
  const walk = (c: typeof program, prefix: string[]) => {
    for (const sub of c.commands) {
      const path = [...prefix, sub.name()];
      paths.push(path.join(" "));
      walk(sub, path);
    }
  };
  walk(program, []);
  return paths;
}

function available(shell: string): boolean {
  try {
    execFileSync(shell, ["-c", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("the command line", () => {
  it("has every command of spec 06", () => {
    expect(commandsOf()).toEqual(
      expect.arrayContaining([
        "login",
        "logout",
        "whoami",
        "request",
        "status",
        "approve",
        "deny",
        "exec",
        "shell",
        "revoke",
        "audit",
        "audit verify",
        "policy list",
        "policy get",
        "policy apply",
        "policy delete",
        "policy eval",
        "principal get",
        "principal list",
        "principal set-tier",
        "server status",
        "server version",
        "server reload-policies",
        "completion",
        "version",
      ]),
    );
  });

  it("has examples in the help of every command", async () => {
    for (const path of commandsOf()) {
      const { stdout, code } = await runCli([...path.split(" "), "--help"]);
      expect(code, path).toBe(0);
      expect(stdout, path).toMatch(/Examples:\n {2}\$ .*jitsudo /);
    }
  }, 60_000);

  it("keeps the version equal to package.json's", async () => {
    const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(CLI_VERSION).toBe(pkg.version);
    expect((await runCli(["--version"])).stdout).toBe(`${CLI_VERSION}\n`);
  });

  it.each([
    [["bogus"], /unknown command 'bogus'/],
    [["status", "--bogus"], /unknown option '--bogus'/],
    [["request", "--provider", "aws"], /required option '--role <role>' not specified/],
    [["-o", "xml", "status"], /argument 'xml' is invalid/],
    [["completion", "powershell"], /Allowed choices are bash, zsh, fish/],
    [
      ["request", "--provider", "aws", "--role", "r", "--scope", "s", "--duration", "soon"],
      /invalid --duration "soon"/,
    ],
  ])("exits 2 on usage errors: %j", async (args, message) => {
    const { code, stderr } = await runCli(args, {
      env: { JITSUDO_TOKEN: "t", JITSUDO_SERVER: "http://127.0.0.1:9" },
    });
    expect(stderr).toMatch(/^Error: /);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });

  it("exits 2 and shows help when no command is given", async () => {
    const { code, stderr } = await runCli([]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Usage: jitsudo/);
  });
});

describe("completion scripts", () => {
  const tree = completionTree(program);

  it("offer commands, subcommands and options", () => {
    const bash = bashCompletion(tree);
    expect(bash).toContain("'policy eval'");
    expect(bash).toMatch(/'status'\) words='[^']*--pending[^']*--server/);
    expect(bash).toContain("--output|-o) COMPREPLY=($(compgen -W 'table json yaml csv'");
  });

  it.each([
    ["bash", "bash"],
    ["zsh", "zsh"],
    ["fish", "fish"],
  ])("are valid %s", async (shell) => {
    if (!available(shell)) return;
    const dir = await mkdtemp(join(tmpdir(), "jitsudo-completion-"));
    const file = join(dir, `jitsudo.${shell}`);
    const { stdout, code } = await runCli(["completion", shell]);
    expect(code).toBe(0);
    await writeFile(file, stdout);
    execFileSync(shell, shell === "fish" ? ["--no-execute", file] : ["-n", file]);
  });

  it("complete in bash", async () => {
    if (!available("bash")) return;
    const script = `${bashCompletion(tree)}
COMP_WORDS=(jitsudo policy ""); COMP_CWORD=2; _jitsudo; echo "\${COMPREPLY[*]}"
COMP_WORDS=(jitsudo --server http://x status --pe); COMP_CWORD=4; _jitsudo; echo "\${COMPREPLY[*]}"
COMP_WORDS=(jitsudo policy list --type ""); COMP_CWORD=4; _jitsudo; echo "\${COMPREPLY[*]}"`;
    const lines = execFileSync("bash", ["-c", script], { encoding: "utf8" }).trim().split("\n");
    expect(lines[0].split(" ").slice(0, 5)).toEqual(["list", "get", "apply", "delete", "eval"]);
    expect(lines[1]).toBe("--pending");
    expect(lines[2]).toBe("eligibility approval");
  });

  it("zsh entries escape colons", () => {
    expect(zshCompletion(tree)).toContain("'--server:control plane URL");
  });
});
