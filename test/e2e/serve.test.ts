/**
 * `jitsudod serve` as production runs it: no dev endpoints and no seeded policies, HTTPS with
 * client certificates (mTLS) when `tls.ca_file` is set, and certificates re-read on SIGHUP.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitOf, freePort, spawnJitsudod } from "./support/jitsudod.js";
import { startTestIssuer, type TestIssuer } from "./support/issuer.js";

const openssl = (dir: string, ...args: string[]) =>
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });

/** A CA, a server certificate for 127.0.0.1 signed by it, and a client certificate. */
function makeCertificates(dir: string, serial: string) {
  openssl(
    dir,
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "1",
    "-subj",
    "/CN=jitsudo test CA",
  );
  for (const name of ["server", "client"]) {
    openssl(
      dir,
      "req",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      `/CN=${name}-${serial}`,
    );
    writeFileSync(
      join(dir, `${name}.ext`),
      name === "server" ? "subjectAltName=IP:127.0.0.1\n" : "extendedKeyUsage=clientAuth\n",
    );
    openssl(
      dir,
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      "1",
      "-extfile",
      `${name}.ext`,
    );
  }
}

function tlsGet(
  url: string,
  dir: string,
  withClientCert: boolean,
): Promise<{ status: number; peerCn: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        ca: readFileSync(join(dir, "ca.crt")),
        ...(withClientCert
          ? { cert: readFileSync(join(dir, "client.crt")), key: readFileSync(join(dir, "client.key")) }
          : {}),
      },
      (res) => {
        const peer = (res.socket as TLSSocket).getPeerCertificate();
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, peerCn: String(peer.subject?.CN ?? "") }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("jitsudod serve", () => {
  let issuer: TestIssuer;
  let dir: string;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    dir = mkdtempSync(join(tmpdir(), "jitsudo-serve-"));
  });
  afterAll(async () => {
    await issuer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const serve = async (extraEnv: Record<string, string>) => {
    const port = await freePort();
    const child = spawnJitsudod(["serve"], {
      JITSUDOD_HTTP_ADDR: `127.0.0.1:${port}`,
      JITSUDOD_DATABASE_URL: "pglite://memory",
      JITSUDOD_OIDC_ISSUER: issuer.issuer,
      JITSUDOD_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      ...extraEnv,
    });
    let err = "";
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
    });
    return { child, port, err: () => err };
  };

  it("exposes no dev endpoints and seeds no policies", async () => {
    const { child, port } = await serve({});
    try {
      const url = `http://127.0.0.1:${port}`;
      await expect
        .poll(
          () =>
            fetch(`${url}/readyz`).then(
              (r) => r.status,
              () => 0,
            ),
          { timeout: 20_000 },
        )
        .toBe(200);
      const devToken = await fetch(`${url}/dev/token`, {
        method: "POST",
        body: "{}",
        headers: { "content-type": "application/json" },
      });
      expect(devToken.status).toBe(404);
      expect((await fetch(`${url}/dev/idp/.well-known/openid-configuration`)).status).toBe(404);
      const policies = await fetch(`${url}/api/v1alpha1/policies`, {
        headers: { authorization: `Bearer ${await issuer.token("alice@example.com")}` },
      });
      expect(await policies.json()).toEqual({ policies: [] });
      const refused = await fetch(`${url}/api/v1alpha1/requests`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${await issuer.token("alice@example.com")}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          provider: "mock",
          role: "r",
          resource_scope: "s",
          duration_seconds: 600,
          reason: "x",
        }),
      });
      // No mock provider outside dev mode unless configured: refused before any policy is asked.
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { detail: string }).detail).toContain("provider");
    } finally {
      child.kill("SIGTERM");
      expect(await exitOf(child)).toBe(0);
    }
  });

  it("gives back the heap pages start-up left unused, before it serves the API", async () => {
    const { child, port, err } = await serve({ JITSUDOD_LOG_LEVEL: "debug" });
    try {
      await expect
        .poll(
          () =>
            fetch(`http://127.0.0.1:${port}/readyz`).then(
              (r) => r.status,
              () => 0,
            ),
          { timeout: 20_000 },
        )
        .toBe(200);
      const lines = err()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { msg: string; heap_mb_before?: number; heap_mb_after?: number });
      const release = lines.findIndex((l) => l.msg === "released the heap pages start-up left unused");
      const serving = lines.findIndex((l) => l.msg === "database ready; serving the API");
      expect(release).toBeGreaterThanOrEqual(0);
      expect(release).toBeLessThan(serving);
      const { heap_mb_before: before, heap_mb_after: after } = lines[release] ?? {};
      expect(after).toBeLessThan((before ?? 0) - 3);
    } finally {
      child.kill("SIGTERM");
      expect(await exitOf(child)).toBe(0);
    }
  });

  it("serves HTTPS, requires client certificates with tls.ca_file, and reloads certificates on SIGHUP", async () => {
    makeCertificates(dir, "one");
    const { child, port, err } = await serve({
      JITSUDOD_TLS_CERT_FILE: join(dir, "server.crt"),
      JITSUDOD_TLS_KEY_FILE: join(dir, "server.key"),
      JITSUDOD_TLS_CA_FILE: join(dir, "ca.crt"),
    });
    try {
      const url = `https://127.0.0.1:${port}/healthz`;
      await expect
        .poll(
          () =>
            tlsGet(url, dir, true).then(
              (r) => r.status,
              () => 0,
            ),
          { timeout: 20_000 },
        )
        .toBe(200);
      expect((await tlsGet(url, dir, true)).peerCn).toBe("server-one");
      await expect(tlsGet(url, dir, false)).rejects.toThrow();
      makeCertificates(dir, "two");
      child.kill("SIGHUP");
      await expect
        .poll(
          () =>
            tlsGet(url, dir, true).then(
              (r) => r.peerCn,
              () => "",
            ),
          { timeout: 10_000 },
        )
        .toBe("server-two");
      expect(err()).not.toContain("BEGIN");
    } finally {
      child.kill("SIGTERM");
      expect(await exitOf(child)).toBe(0);
    }
  });
});
