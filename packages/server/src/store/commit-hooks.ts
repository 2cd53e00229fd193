/**
 * Work a transaction defers to its end: hooks registered on a transaction opened by
 * `Store.transaction` run, in order, after its callback and before COMMIT, inside the
 * transaction; a hook that throws rolls everything back.
 */
import type { Tx } from "./types.js";

type Hook = () => Promise<void>;

const pending = new WeakMap<Tx, Hook[]>();

/** Runs `fn` in `tx`, then the hooks it registered. For the drivers' `transaction`. */
export async function withCommitHooks<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const hooks: Hook[] = [];
  pending.set(tx, hooks);
  try {
    const result = await fn(tx);
    for (let i = 0; i < hooks.length; i++) await hooks[i]();
    return result;
  } finally {
    pending.delete(tx);
  }
}

/** Runs `hook` just before `tx` commits. Throws outside `Store.transaction`, where nothing would run it. */
export function beforeCommit(tx: Tx, hook: Hook): void {
  const hooks = pending.get(tx);
  if (!hooks) throw new Error("beforeCommit() needs a transaction opened by store.transaction()");
  hooks.push(hook);
}
