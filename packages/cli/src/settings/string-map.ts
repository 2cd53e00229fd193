/** Checks a parsed YAML mapping of optional string values (the config and credentials files). */
export type StringMap<K extends string> = Partial<Record<K, string>>;

/**
 * `value` as a mapping whose keys are all among `keys` and whose values are strings; otherwise a
 * sentence saying what is wrong (`where` names the file or section).
 */
export function checkStringMap<K extends string>(
  value: unknown,
  keys: readonly K[],
  where: string,
): { ok: true; value: StringMap<K> } | { ok: false; problem: string } {
  if (value === null || value === undefined) return { ok: true, value: {} };
  if (typeof value !== "object" || Array.isArray(value))
    return { ok: false, problem: `${where} must be a mapping of keys to values` };
  for (const [key, v] of Object.entries(value)) {
    if (!(keys as readonly string[]).includes(key)) {
      return { ok: false, problem: `${where}: unknown key "${key}" (known: ${keys.join(", ")})` };
    }
    if (typeof v !== "string") return { ok: false, problem: `${where}: ${key} must be a string` };
  }
  return { ok: true, value: value as StringMap<K> };
}
