/** Policies are named by ID (`pol_…`) or by name on the command line; the API knows only IDs. */
import type { JitsudoClient, PolicySummary } from "@jitsudo/client";
import { CliError } from "../errors.js";

export async function findPolicy(
  client: JitsudoClient,
  idOrName: string,
): Promise<PolicySummary | { id: string }> {
  if (idOrName.startsWith("pol_")) return { id: idOrName };
  const match = (await client.listPolicies()).find((p) => p.name === idOrName);
  if (!match)
    throw new CliError(`no policy named "${idOrName}"`, 1, "see the stored policies: jitsudo policy list");
  return match;
}
