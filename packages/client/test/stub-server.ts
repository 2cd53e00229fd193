/** A real HTTP server on loopback that records what it receives and answers with a test's handler. */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Handler = (req: Recorded, res: ServerResponse) => void | Promise<void>;

export interface StubServer {
  readonly url: string;
  readonly requests: Recorded[];
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startStubServer(
  server: Server = createServer(),
  scheme: "http" | "https" = "http",
): Promise<StubServer> {
  const requests: Recorded[] = [];
  let handler: Handler = (_req, res) => {
    res.writeHead(500).end("no handler");
  };
  server.on("request", async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    };
    requests.push(recorded);
    await handler(recorded, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    requests,
    handle(h) {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, value: unknown, type = "application/json"): void {
  res.writeHead(status, { "content-type": type }).end(JSON.stringify(value));
}

export function problem(res: ServerResponse, status: number, code: string, detail: string): void {
  json(
    res,
    status,
    { type: "about:blank", title: "Error", status, code, detail },
    "application/problem+json",
  );
}
