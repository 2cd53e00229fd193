/** `--metadata key=value` flags as the request's metadata object. */
import { usageError } from "./errors.js";

export function parseMetadata(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (pairs === undefined || pairs.length === 0) return undefined;
  const metadata: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0)
      throw usageError(`invalid --metadata "${pair}": use key=value, e.g. --metadata ticket=INC-4421`);
    metadata[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return metadata;
}
