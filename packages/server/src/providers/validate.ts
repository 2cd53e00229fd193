import { invalidArgument } from "../errors.js";
import type { ElevationRequest } from "./provider.js";

/** The checks every provider shares (spec 08 contract): non-empty id, identity and role; positive duration. */
export function validateCommon(req: ElevationRequest): void {
  if (req.id.trim() === "") throw invalidArgument("id must not be empty");
  if (req.userIdentity.trim() === "") throw invalidArgument("user_identity must not be empty");
  if (req.role.trim() === "") throw invalidArgument("role must not be empty");
  if (!Number.isInteger(req.durationSeconds) || req.durationSeconds <= 0) {
    throw invalidArgument("duration_seconds must be a positive integer");
  }
}
