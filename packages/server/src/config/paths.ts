/** A position in the configuration tree: mapping keys and list indexes, as in the YAML file. */
export type KeyPath = readonly (string | number)[];

/** `["notifications", "webhooks", 0, "url"]` → `notifications.webhooks[0].url`. */
export function formatPath(path: KeyPath): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === "number") return `${text}[${segment}]`;
    return text === "" ? segment : `${text}.${segment}`;
  }, "");
}

/** `"providers.aws.region"` → `["providers", "aws", "region"]` (for paths written in code). */
export function keyPath(dotted: string): readonly string[] {
  return dotted.split(".");
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function valueAt(root: unknown, path: KeyPath): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof segment === "number" ? !Array.isArray(node) : !isMapping(node)) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/**
 * Sets a mapping key, creating the mappings above it that are missing. Returns false, changing
 * nothing, when something on the way is not a mapping: the file's own shape error is reported then.
 */
export function setMappingKey(
  root: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
): boolean {
  let node = root;
  for (const segment of path.slice(0, -1)) {
    const child = node[segment];
    if (child === undefined || child === null) node[segment] = {};
    else if (!isMapping(child)) return false;
    node = node[segment] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
  return true;
}

/** Whether `path` is `prefix` or lies below it. */
export function startsWith(path: KeyPath, prefix: KeyPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}
