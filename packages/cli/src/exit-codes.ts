/** Exit codes of `jitsudo` (spec 06). `exec` and `shell` exit with their command's code instead. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** `request --wait` ended without access: rejected, failed, expired, revoked or timed out. */
  noAccess: 3,
  notAuthenticated: 4,
  /** The command of `exec` exists but cannot be executed (shell convention). */
  notExecutable: 126,
  /** The command of `exec` does not exist (shell convention). */
  commandNotFound: 127,
} as const;

/** A child killed by a signal exits 128 + the signal's number, as shells report it. */
export const SIGNAL_EXIT_BASE = 128;
