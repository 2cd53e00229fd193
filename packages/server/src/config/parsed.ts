/** The result of reading one configuration string: a value, or why it is not one (without the key's name). */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail<T = never>(reason: string): Parsed<T> {
  return { ok: false, reason };
}
