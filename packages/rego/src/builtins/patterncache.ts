// A small cache for compiled patterns (regular expressions, globs), shared by all evaluations:
// policies use a handful of constant patterns, so a bounded map that forgets its oldest entry
// is enough. Compile errors are cached too, and rethrown.

export class PatternCache<T> {
  private readonly entries = new Map<string, T | Error>();

  constructor(private readonly limit = 256) {}

  /** The cached result for `key`, compiling (and caching) it first when missing. */
  get(key: string, compile: () => T, isCompileError: (e: unknown) => e is Error): T {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      try {
        entry = compile();
      } catch (e) {
        if (!isCompileError(e)) throw e;
        entry = e;
      }
      // Map iterates in insertion order: the first key is the oldest
      if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, entry);
    }
    if (entry instanceof Error) throw entry;
    return entry;
  }
}
