/**
 * The credentials of an ACTIVE request, for `exec` and `shell`: read from the server (which audits
 * the read with its purpose and command), explained in the user's terms when the request has none.
 */
import type { ElevationRequest, Grant, JitsudoClient } from "@jitsudo/client";
import { CliError } from "../errors.js";

export async function readGrant(
  client: JitsudoClient,
  id: string,
  purpose: "exec" | "shell",
  command: string,
): Promise<Grant> {
  try {
    return await client.readCredentials(id, { purpose, command });
  } catch (err) {
    if (
      err instanceof Error &&
      err.name === "ApiError" &&
      (err as Error & { code: string }).code === "wrong_state"
    ) {
      throw notActive(await client.getRequest(id));
    }
    throw err;
  }
}

/** The parent's environment plus the grant's credentials (the parent itself never gets them). */
export function elevatedEnv(
  parent: NodeJS.ProcessEnv,
  grant: Grant,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent };
  for (const { name, value } of grant.credentials) env[name] = value;
  return { ...env, ...extra };
}

function notActive(r: ElevationRequest): CliError {
  switch (r.state) {
    case "PENDING":
      return new CliError(`request ${r.id} is PENDING — wait for approval (jitsudo status ${r.id})`);
    case "APPROVED":
      return new CliError(
        `request ${r.id} is APPROVED — the grant is still being issued; try again in a moment`,
      );
    case "ACTIVE":
      return new CliError(`request ${r.id} has expired`, 1, "request access again: jitsudo request …");
    default:
      return new CliError(
        `request ${r.id} is ${r.state} — it no longer grants access`,
        1,
        "request access again: jitsudo request …",
      );
  }
}
