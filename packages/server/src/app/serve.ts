/** `jitsudod serve`: the production control plane, until SIGINT/SIGTERM. */
import { readFileSync } from "node:fs";
import type { Server as TlsServer } from "node:tls";
import type { Logger } from "pino";
import type { ServerConfig, TlsConfig } from "../config/index.js";
import { ControlPlane } from "./control-plane.js";
import { memoryReducingCollection, releaseStartupMemory } from "./memory-release.js";
import { runUntilSignalled } from "./signals.js";
import { VERSION } from "./version.js";

function httpsOptions(tls: TlsConfig) {
  return {
    cert: readFileSync(tls.certFile),
    key: readFileSync(tls.keyFile),
    ...(tls.caFile ? { ca: readFileSync(tls.caFile), requestCert: true, rejectUnauthorized: true } : {}),
  };
}

export async function serve(config: ServerConfig, log: Logger): Promise<void> {
  const plane = await ControlPlane.create({
    config,
    log,
    version: VERSION,
    onReady: async () => releaseStartupMemory(log, memoryReducingCollection()),
    ...(config.tls ? { https: httpsOptions(config.tls) } : {}),
  });
  const { host, port } = config.server.httpAddr;
  const url = await plane.listen(host === "" ? "0.0.0.0" : host, port);
  log.info({ url, version: VERSION, database: config.database.driver }, "jitsudod listening");
  await runUntilSignalled(plane, log, {
    // Certificates are re-read on SIGHUP, so a renewed certificate needs no restart.
    onHangup: config.tls
      ? () => {
          const tls = config.tls as TlsConfig;
          (plane.app.server as unknown as TlsServer).setSecureContext(httpsOptions(tls));
          log.info("TLS certificates reloaded");
        }
      : undefined,
  });
}
