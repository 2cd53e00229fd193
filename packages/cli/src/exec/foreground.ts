/**
 * Whether this process is in its terminal's foreground process group. Then a Ctrl-C (or Ctrl-\)
 * typed at the terminal reaches every process of the group, the child of `exec`/`shell` included,
 * so relaying it again would deliver it twice.
 */
import { readFileSync } from "node:fs";

export function inTerminalForeground(): boolean {
  try {
    // /proc/self/stat: "pid (comm) state ppid pgrp session tty_nr tpgid …"; comm may contain spaces.
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const processGroup = Number(fields[2]);
    const foregroundGroup = Number(fields[5]);
    return foregroundGroup > 0 && processGroup === foregroundGroup;
  } catch {
    // No /proc (macOS): an interactive stdin is the best available sign of a foreground job.
    return process.stdin.isTTY === true;
  }
}
