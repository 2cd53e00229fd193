import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionError, JitsudoClient } from "../src/index.js";
import { type StubServer, json, startStubServer } from "./stub-server.js";

const hasOpenssl = (() => {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
function makePki(dir: string) {
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  run(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "1",
    "-subj",
    "/CN=test-ca",
  );
  for (const [name, subject, ext] of [
    ["server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1"],
    ["client", "/CN=alice@example.com", "extendedKeyUsage=clientAuth"],
  ]) {
    writeFileSync(join(dir, `${name}.ext`), `${ext}\n`);
    run(
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      subject,
    );
    run(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      `${name}.pem`,
      "-days",
      "1",
      "-extfile",
      `${name}.ext`,
    );
  }
  const read = (file: string) => readFileSync(join(dir, file), "utf8");
  return {
    ca: read("ca.pem"),
    serverCert: read("server.pem"),
    serverKey: read("server.key"),
    clientCert: read("client.pem"),
    clientKey: read("client.key"),
  };
}

describe.skipIf(!hasOpenssl)("custom CA and client certificates (mTLS)", () => {
  let dir: string;
  let server: StubServer;
  let pki: ReturnType<typeof makePki>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "jitsudo-tls-"));
    pki = makePki(dir);
    const https = createServer({
      cert: pki.serverCert,
      key: pki.serverKey,
      ca: pki.ca,
      requestCert: true,
      rejectUnauthorized: true,
    });
    server = await startStubServer(https, "https");
    server.handle((_req, res) =>
      json(res, 200, {
        identity: "alice@example.com",
        groups: [],
        admin: false,
        auditor: false,
        trust_tier: 0,
      }),
    );
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("connects with the CA and a client certificate", async () => {
    const c = new JitsudoClient({
      baseUrl: server.url,
      tls: { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey },
    });
    expect((await c.whoami()).identity).toBe("alice@example.com");
  });

  it("fails clearly without the CA", async () => {
    const error = await new JitsudoClient({ baseUrl: server.url }).whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/certificate/i);
  });

  it("is refused by the server without a client certificate", async () => {
    const error = await new JitsudoClient({ baseUrl: server.url, tls: { ca: pki.ca } })
      .whoami()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
  });

  it("needs both halves of a client certificate", async () => {
    const c = new JitsudoClient({ baseUrl: server.url, tls: { ca: pki.ca, cert: pki.clientCert } });
    await expect(c.whoami()).rejects.toThrow(/both a certificate and its key/);
  });
});
