/**
 * The directory holding `credentials` and `config.yaml`: `$JITSUDO_HOME` when set (useful for
 * tests, CI and several identities side by side), else `~/.jitsudo` (`~` from `$HOME`).
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export function jitsudoHome(env: NodeJS.ProcessEnv): string {
  return env.JITSUDO_HOME ? resolve(env.JITSUDO_HOME) : join(env.HOME || homedir(), ".jitsudo");
}
