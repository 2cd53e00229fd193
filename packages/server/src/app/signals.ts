import type { Logger } from "pino";
import type { ControlPlane } from "./control-plane.js";

/** Runs until SIGINT or SIGTERM, then stops gracefully (a second signal exits at once). */
export function runUntilSignalled(
  plane: ControlPlane,
  log: Logger,
  opts: { onHangup?: () => void } = {},
): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn({ signal }, "second signal: exiting now");
        process.exit(1);
      }
      stopping = true;
      log.info({ signal }, "stopping: finishing in-flight requests and running jobs (up to 30 s)");
      plane.close(30_000).then(
        () => {
          log.info("stopped");
          resolve();
        },
        (err: unknown) => {
          log.error({ err: err instanceof Error ? err.message : String(err) }, "error while stopping");
          resolve();
        },
      );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    if (opts.onHangup) {
      const hup = opts.onHangup;
      process.on("SIGHUP", () => {
        try {
          hup();
        } catch (err) {
          log.error({ err: err instanceof Error ? err.message : String(err) }, "reload on SIGHUP failed");
        }
      });
    }
  });
}
