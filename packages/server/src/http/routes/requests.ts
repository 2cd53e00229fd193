import type { RouteHandlers } from "../api-route.js";
import type { ServicesGetter } from "../services.js";

type RequestRoutes =
  | "submitRequest"
  | "listRequests"
  | "getRequest"
  | "approveRequest"
  | "denyRequest"
  | "revokeRequest"
  | "reviewRequest"
  | "readCredentials";

export function requestRoutes(services: ServicesGetter): RouteHandlers<RequestRoutes> {
  const workflow = () => services().workflow;
  return {
    submitRequest: async ({ caller, body }) => ({ request: await workflow().submit(caller, body) }),
    listRequests: ({ caller, query }) => workflow().list(caller, query),
    getRequest: async ({ caller, params, query }) => ({
      request: await workflow().get(caller, params.id, {
        waitSeconds: query.wait_seconds,
        knownState: query.known_state,
      }),
    }),
    approveRequest: async ({ caller, params, body }) => ({
      request: await workflow().approve(caller, params.id, body.comment),
    }),
    denyRequest: async ({ caller, params, body }) => ({
      request: await workflow().deny(caller, params.id, body.reason),
    }),
    revokeRequest: async ({ caller, params, body }) => ({
      request: await workflow().revoke(caller, params.id, body.reason),
    }),
    reviewRequest: async ({ caller, params, body }) => ({
      request: await workflow().review(caller, params.id, body.comment),
    }),
    readCredentials: async ({ caller, params, query }) => ({
      grant: await workflow().credentials(caller, params.id, {
        purpose: query.purpose,
        command: query.command,
      }),
    }),
  };
}
