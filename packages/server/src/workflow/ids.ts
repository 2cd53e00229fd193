import { newUlid } from "../ulid.js";

/** Request IDs: `req_` + a ULID, so they sort by creation time. */
export function newRequestId(): string {
  return `req_${newUlid()}`;
}
