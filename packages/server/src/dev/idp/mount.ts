import type { IncomingMessage } from "node:http";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type Provider from "oidc-provider";

/**
 * Serves oidc-provider (a Koa application) under `mountPath` of a Fastify app: matching requests
 * are hijacked and handed to the provider raw, with the prefix stripped from `req.url` and the
 * full URL kept in `req.originalUrl`, from which oidc-provider derives the mount path of the
 * endpoint URLs it advertises (`/dev/idp/token`, …).
 */
export function mountProvider(provider: Provider, mountPath: string): FastifyPluginAsync {
  return async (app) => {
    // oidc-provider parses request bodies itself, so Fastify must leave the stream unread.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser("*", (_request, _payload, done) => done(null));

    const handle = provider.callback();
    const forward = async (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      const raw: IncomingMessage & { originalUrl?: string } = request.raw;
      const url = raw.url ?? "/";
      raw.originalUrl = url;
      raw.url = pathBelow(url, mountPath);
      await handle(raw, reply.raw);
    };
    app.all(mountPath, forward);
    app.all(`${mountPath}/*`, forward);
  };
}

/** `/dev/idp/token?x` below `/dev/idp` is `/token?x`; `/dev/idp` itself is `/`. */
function pathBelow(url: string, mountPath: string): string {
  const rest = url.slice(mountPath.length);
  return rest.startsWith("/") ? rest : `/${rest}`;
}
