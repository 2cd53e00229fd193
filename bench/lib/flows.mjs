// The request flows the load is made of, over the public API, each checked to end ACTIVE.
import { API } from "./deployment.mjs";
import { approver, requester } from "./idp.mjs";

const submission = (role) => ({
  provider: "mock",
  role,
  resource_scope: "sandbox",
  duration_seconds: 900,
  reason: "bench: request-throughput",
});

/** Auto-approved: one call, submit → ACTIVE (mock/read-only for ≤ 30 minutes). */
export async function autoFlow(server, tokens, client) {
  const { request } = await server.client.expect(201, "POST", `${API}/requests`, {
    token: tokens.requester[client],
    body: submission("read-only"),
  });
  if (request.state !== "ACTIVE") throw new Error(`auto flow: request ${request.id} is ${request.state}`);
}

/** Human: submit (PENDING), an sre-lead approves, → ACTIVE. */
export async function humanFlow(server, tokens, client) {
  const { request } = await server.client.expect(201, "POST", `${API}/requests`, {
    token: tokens.requester[client],
    body: submission("admin"),
  });
  if (request.state !== "PENDING") throw new Error(`human flow: request ${request.id} is ${request.state}`);
  const approved = await server.client.expect(200, "POST", `${API}/requests/${request.id}/approve`, {
    token: tokens.approver[client],
    body: { comment: "bench" },
  });
  if (approved.request.state !== "ACTIVE") {
    throw new Error(`human flow: request ${request.id} is ${approved.request.state} after approval`);
  }
}

export const FLOWS = { auto: autoFlow, human: humanFlow };

/** Each client's requester and approver token, minted once. */
export async function flowTokens(idp, clients) {
  const tokens = { requester: [], approver: [] };
  for (let i = 0; i < clients; i++) {
    tokens.requester.push(await idp.token(requester(i + 1)));
    tokens.approver.push(await idp.token(approver(i + 1)));
  }
  return tokens;
}
