import { mkdtemp, readFile, readdir, stat, writeFile, mkdir, chmod } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { CliError } from "../src/errors.js";
import {
  type Credentials,
  readCredentials,
  removeCredentials,
  writeCredentials,
} from "../src/settings/credentials.js";
import { jitsudoHome } from "../src/settings/home.js";

const credentials: Credentials = {
  server_url: "https://jitsudo.example.com",
  issuer: "https://login.example.com",
  client_id: "jitsudo-cli",
  token: "eyJ.header.sig",
  refresh_token: "refresh-1",
  expires_at: "2026-03-20T17:00:00.000Z",
  email: "alice@example.com",
};

let home: string;
beforeEach(async () => {
  home = join(await mkdtemp(join(tmpdir(), "jitsudo-creds-")), ".jitsudo");
});

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe("the credentials file", () => {
  it("lives in ~/.jitsudo from HOME, or in JITSUDO_HOME", () => {
    expect(jitsudoHome({ HOME: "/home/alice" })).toBe("/home/alice/.jitsudo");
    expect(jitsudoHome({ HOME: "/home/alice", JITSUDO_HOME: "/tmp/other" })).toBe("/tmp/other");
  });

  it("is written with directory 0700 and file 0600, as YAML, and read back", async () => {
    const path = await writeCredentials(home, credentials);

    expect(path).toBe(join(home, "credentials"));
    expect(await mode(home)).toBe(0o700);
    expect(await mode(path)).toBe(0o600);
    expect(await readFile(path, "utf8")).toContain('email: "alice@example.com"\n');
    expect(await readCredentials(home)).toEqual(credentials);
  });

  it("tightens an existing directory and keeps 0600 when replaced", async () => {
    await mkdir(home, { mode: 0o755 });
    await chmod(home, 0o755);
    await writeCredentials(home, credentials);
    await writeCredentials(home, { ...credentials, token: "second" });

    expect(await mode(home)).toBe(0o700);
    expect(await mode(join(home, "credentials"))).toBe(0o600);
    expect((await readCredentials(home))?.token).toBe("second");
  });

  it("is replaced atomically: concurrent writers leave one whole file and no temporary files", async () => {
    const tokens = Array.from({ length: 20 }, (_, i) => `token-${i}-${"x".repeat(2000)}`);
    await Promise.all(tokens.map((token) => writeCredentials(home, { ...credentials, token })));

    expect(await readdir(home)).toEqual(["credentials"]);
    const saved = await readCredentials(home);
    expect(tokens).toContain(saved?.token);
    expect(saved).toEqual({ ...credentials, token: saved?.token });
  });

  it("leaves unset fields out", async () => {
    await writeCredentials(home, { token: "t", email: "a@example.com", refresh_token: undefined });
    expect(await readFile(join(home, "credentials"), "utf8")).toBe('token: "t"\nemail: "a@example.com"\n');
  });

  it("reads as absent when missing, and as a login problem (exit 4) when damaged", async () => {
    expect(await readCredentials(home)).toBeUndefined();
    await mkdir(home, { recursive: true });
    for (const damaged of [
      "token: [unclosed",
      "- a list\n",
      "email: a@example.com\n",
      "token: t\nsurprise: 1\n",
    ]) {
      await writeFile(join(home, "credentials"), damaged);
      const error = await readCredentials(home).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CliError);
      expect(error).toMatchObject({ exitCode: 4, message: expect.stringMatching(/is damaged$/) });
    }
  });

  it("reads a hand-edited file with comments and plain scalars too", async () => {
    await mkdir(home, { recursive: true });
    await writeFile(join(home, "credentials"), "# edited by hand\ntoken: abc\nemail: 'alice@example.com'\n");
    expect(await readCredentials(home)).toEqual({ token: "abc", email: "alice@example.com" });
  });

  it("is removed by logout", async () => {
    await writeCredentials(home, credentials);
    expect(await removeCredentials(home)).toBe(true);
    expect(await removeCredentials(home)).toBe(false);
    expect(await readCredentials(home)).toBeUndefined();
  });
});
