/** ANSI colour, only for a terminal and only while NO_COLOR is unset (https://no-color.org). */
export interface Palette {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const COLORS: Palette = {
  enabled: true,
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
};

const same = (text: string) => text;
const PLAIN: Palette = {
  enabled: false,
  bold: same,
  dim: same,
  red: same,
  green: same,
  yellow: same,
  cyan: same,
};

export function paletteFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Palette {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  return stream.isTTY === true && !noColor && env.TERM !== "dumb" ? COLORS : PLAIN;
}

/** Colour of a request state: green for access, yellow for waiting, red for refusal or failure. */
export function paintState(palette: Palette, state: string): string {
  switch (state) {
    case "ACTIVE":
      return palette.green(state);
    case "PENDING":
    case "APPROVED":
      return palette.yellow(state);
    case "REJECTED":
    case "FAILED":
      return palette.red(state);
    default:
      return palette.dim(state);
  }
}

/** Visible width of text that may carry ANSI colour codes. */
export function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escape sequences is the point
  return text.replace(/\u001b\[\d+m/g, "").length;
}
