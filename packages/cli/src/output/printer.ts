/**
 * Where command output goes: documents (JSON/YAML) and `-q` values on stdout, human text on stdout
 * in table mode, notes and progress on stderr. JSON and YAML are always a valid document.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { type Palette, paletteFor } from "./color.js";

export const OUTPUT_FORMATS = ["table", "json", "yaml", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type OutputStream = Writable & { isTTY?: boolean; columns?: number };

export interface Stdio {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
}

/** What a command shows, in each of the forms the user may ask for. */
export interface Rendering {
  /** The JSON/YAML document. */
  readonly document: unknown;
  /** The essential value(s) for `-q`, one per line. */
  readonly quiet?: () => string | readonly string[];
  /** The terminal form (`-o table`). */
  readonly human: () => string;
}

export class Printer {
  /** Colours for stdout and for stderr, each decided by its own stream. */
  readonly palette: Palette;
  readonly errPalette: Palette;

  constructor(
    readonly format: OutputFormat,
    readonly quiet: boolean,
    private readonly io: Stdio,
    env: NodeJS.ProcessEnv,
  ) {
    this.palette = paletteFor(io.stdout, env);
    this.errPalette = paletteFor(io.stderr, env);
  }

  /** Whether output is for people (table) rather than a document or `-q` values. */
  get human(): boolean {
    return this.format === "table" && !this.quiet;
  }

  /** Width of the terminal stdout writes to, if it is one. */
  get columns(): number | undefined {
    return this.io.stdout.isTTY ? this.io.stdout.columns : undefined;
  }

  async emit(rendering: Rendering): Promise<void> {
    if (this.human) await this.out(rendering.human());
    else await this.data(rendering.document, rendering.quiet);
  }

  /** The non-human forms only: the `-q` value(s), or the JSON/YAML document. Nothing in table mode. */
  async data(document: unknown, quiet?: () => string | readonly string[]): Promise<void> {
    if (this.quiet) {
      const values = quiet?.() ?? [];
      for (const value of typeof values === "string" ? [values] : values) await this.out(value);
    } else if (this.format === "json" || this.format === "yaml") {
      await this.write(await renderDocument(document, this.format));
    }
  }

  /** A line on stdout. */
  out(text: string): Promise<void> {
    return this.write(`${text}\n`);
  }

  /** A line on stderr: notes, progress and banners that must not mix with a document on stdout. */
  note(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** Writes to stdout, waiting while the pipe is full. */
  async write(text: string): Promise<void> {
    if (!this.io.stdout.write(text)) await once(this.io.stdout, "drain");
  }
}

export async function renderDocument(value: unknown, format: "json" | "yaml"): Promise<string> {
  if (format === "json") return `${JSON.stringify(value, null, 2)}\n`;
  const { stringify } = await import("yaml");
  return stringify(value);
}

/** Writes a JSON array element by element, so a long listing streams instead of piling up in memory. */
export class JsonArrayWriter {
  #count = 0;
  constructor(private readonly printer: Printer) {}

  async add(value: unknown): Promise<void> {
    const element = `  ${JSON.stringify(value, null, 2).replace(/\n/g, "\n  ")}`;
    await this.printer.write(this.#count++ === 0 ? `[\n${element}` : `,\n${element}`);
  }

  async end(): Promise<void> {
    await this.printer.write(this.#count === 0 ? "[]\n" : "\n]\n");
  }
}
