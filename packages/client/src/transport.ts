/**
 * The fetch used to reach the server. Plain `fetch` normally; with a custom CA or a client
 * certificate, undici's fetch with an Agent carrying them. undici is imported only then, so the
 * common case pays nothing for it at start-up.
 */
export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export interface TlsOptions {
  /** PEM of the CA(s) that sign the server's certificate; replaces the system roots. */
  readonly ca?: string | Uint8Array;
  /** PEM client certificate for mTLS (with `key`). */
  readonly cert?: string | Uint8Array;
  /** PEM private key of `cert`. */
  readonly key?: string | Uint8Array;
}

export function hasTls(tls: TlsOptions | undefined): tls is TlsOptions {
  return tls !== undefined && (tls.ca !== undefined || tls.cert !== undefined || tls.key !== undefined);
}

export async function tlsFetch(tls: TlsOptions): Promise<FetchFn> {
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new TypeError("a client certificate needs both a certificate and its key");
  }
  // Node's built-in fetch is undici too, but it offers no way to build the Agent a custom CA or a
  // client certificate needs; undici's own fetch and Agent are used together so their versions match.
  const undici = await import("undici");
  const dispatcher = new undici.Agent({
    connect: { ca: pem(tls.ca), cert: pem(tls.cert), key: pem(tls.key) },
  });
  return (input, init) =>
    undici.fetch(input, {
      ...(init as Parameters<typeof undici.fetch>[1]),
      dispatcher,
    }) as unknown as Promise<Response>;
}

function pem(value: string | Uint8Array | undefined): string | Buffer | undefined {
  return value === undefined || typeof value === "string" ? value : Buffer.from(value);
}
