import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type Provider from "oidc-provider";
import { errors, type InteractionResults } from "oidc-provider";
import { consentPage, loginPage, messagePage, PAGE_SECURITY_POLICY } from "./pages.js";
import type { DevDirectory } from "./users.js";

type Interaction = Awaited<ReturnType<Provider["interactionDetails"]>>;
type UidRequest = FastifyRequest<{ Params: { uid: string } }>;

/**
 * The login and consent pages oidc-provider sends the browser to (`interactions.url`), served
 * at `<basePath>/:uid`. Each form posts back under the same path, where oidc-provider's
 * interaction cookie (scoped to it) identifies the sign-in in progress.
 */
export function interactionRoutes(
  provider: Provider,
  basePath: string,
  directory: DevDirectory,
): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 8 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );

    app.get("/:uid", async (request: UidRequest, reply) => {
      const interaction = await pendingInteraction(provider, request, reply);
      if (!interaction) return;
      const uid = interaction.uid;
      if (interaction.prompt.name === "login") {
        return sendPage(reply, 200, loginPage({ action: `${basePath}/${uid}/login` }));
      }
      const client = await provider.Client.find(String(interaction.params.client_id));
      return sendPage(
        reply,
        200,
        consentPage({
          clientName: client?.clientName ?? String(interaction.params.client_id),
          scopes: String(interaction.params.scope ?? "").split(" "),
          allowAction: `${basePath}/${uid}/consent`,
          denyAction: `${basePath}/${uid}/deny`,
        }),
      );
    });

    app.post("/:uid/login", async (request: UidRequest, reply) => {
      const interaction = await pendingInteraction(provider, request, reply, "login");
      if (!interaction) return;
      const { email, password } = formFields(request.body, ["email", "password"]);
      const user = directory.authenticate(email, password);
      if (!user) {
        const action = `${basePath}/${interaction.uid}/login`;
        return sendPage(reply, 401, loginPage({ action, email, error: "Unknown email or wrong password." }));
      }
      return finish(provider, request, reply, { login: { accountId: user.subject } });
    });

    app.post("/:uid/consent", async (request: UidRequest, reply) => {
      const interaction = await pendingInteraction(provider, request, reply, "consent");
      if (!interaction) return;
      return finish(provider, request, reply, {
        consent: { grantId: await grantRequested(provider, interaction) },
      });
    });

    app.post("/:uid/deny", async (request: UidRequest, reply) => {
      const interaction = await pendingInteraction(provider, request, reply, "consent");
      if (!interaction) return;
      return finish(provider, request, reply, {
        error: "access_denied",
        error_description: "the user denied access",
      });
    });
  };
}

/** The sign-in this browser has in progress at this URL, or undefined after answering with a page saying why not. */
async function pendingInteraction(
  provider: Provider,
  request: UidRequest,
  reply: FastifyReply,
  expectedPrompt?: "login" | "consent",
): Promise<Interaction | undefined> {
  let interaction: Interaction;
  try {
    interaction = await provider.interactionDetails(request.raw, reply.raw);
  } catch (error) {
    if (!(error instanceof errors.SessionNotFound)) throw error;
    sendPage(reply, 400, staleSignIn);
    return undefined;
  }
  if (
    interaction.uid !== request.params.uid ||
    (expectedPrompt && interaction.prompt.name !== expectedPrompt)
  ) {
    sendPage(reply, 400, staleSignIn);
    return undefined;
  }
  return interaction;
}

const staleSignIn = messagePage(
  "Sign-in expired",
  "This sign-in page has expired or was already used. Run jitsudo login again to start over.",
);

/** A grant of everything the client asked for that the user has not granted it yet. */
async function grantRequested(provider: Provider, interaction: Interaction): Promise<string> {
  const accountId = interaction.session?.accountId;
  const clientId = String(interaction.params.client_id);
  const grant =
    (interaction.grantId && (await provider.Grant.find(interaction.grantId))) ||
    new provider.Grant({ accountId, clientId });
  const details = interaction.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope);
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes);
  }
  return grant.save();
}

async function finish(
  provider: Provider,
  request: UidRequest,
  reply: FastifyReply,
  result: InteractionResults,
) {
  const returnTo = await provider.interactionResult(request.raw, reply.raw, result, {
    mergeWithLastSubmission: false,
  });
  return reply.redirect(returnTo, 303);
}

function formFields<Name extends string>(body: unknown, names: readonly Name[]): Record<Name, string> {
  const fields = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(
    names.map((name) => [name, typeof fields[name] === "string" ? fields[name] : ""]),
  ) as Record<Name, string>;
}

function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .header("content-security-policy", PAGE_SECURITY_POLICY)
    .header("cache-control", "no-store")
    .type("text/html; charset=utf-8")
    .send(html);
}
