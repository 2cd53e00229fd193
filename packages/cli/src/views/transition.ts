/** Output of the commands that move a request (approve, deny, revoke): `Request <id> → STATE`. */
import type { ElevationRequest } from "@jitsudo/client";
import { type Palette, paintState } from "../output/color.js";
import type { Printer } from "../output/printer.js";

/** `Request <id> → STATE`, with the approval count while more approvals are needed. */
export function transitionLine(r: ElevationRequest, palette: Palette): string {
  const counted =
    r.state === "PENDING" && r.approvals !== undefined && r.required_approvals !== undefined
      ? ` (${r.approvals} of ${r.required_approvals} approvals)`
      : "";
  return `Request ${r.id} → ${paintState(palette, r.state)}${counted}`;
}

export async function showTransition(printer: Printer, request: ElevationRequest): Promise<void> {
  await printer.emit({
    document: request,
    quiet: () => request.state,
    human: () => transitionLine(request, printer.palette),
  });
  if (printer.human && request.last_error) printer.note(`last error: ${request.last_error}`);
}
