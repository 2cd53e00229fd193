/**
 * YAML mappings of string values, as the credentials file holds them. They are written one
 * `key: "JSON string"` per line (double-quoted YAML scalars, which JSON strings are a subset of),
 * and a file in exactly that form is read back without loading a YAML parser, whose import is a
 * good part of an authenticated command's start-up. Any other text (a hand-edited file with
 * comments or plain scalars) goes to the real parser.
 */
export function formatFlatYaml(values: Readonly<Record<string, string>>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}\n`)
    .join("");
}

export async function parseFlatYaml(text: string): Promise<unknown> {
  const canonical = parseCanonical(text);
  if (canonical !== undefined) return canonical;
  const { parse } = await import("yaml");
  return parse(text);
}

const CANONICAL_LINE = /^([a-z_]+): ("(?:[^"\\\n]|\\.)*")$/;

function parseCanonical(text: string): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const match = CANONICAL_LINE.exec(line);
    if (!match || match[1] in values) return undefined;
    try {
      values[match[1]] = JSON.parse(match[2]) as string;
    } catch {
      return undefined;
    }
  }
  return values;
}
