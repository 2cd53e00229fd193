import { describe, expect, it } from "vitest";
import { canTransition, isTerminal, REQUEST_STATES } from "../../src/workflow/states.js";

describe("request states", () => {
  it("has the terminal states of spec 03 and nothing leaves them", () => {
    const terminal = REQUEST_STATES.filter(isTerminal);
    expect(terminal.sort()).toEqual(["EXPIRED", "FAILED", "REJECTED", "REVOKED"]);
    for (const from of terminal) for (const to of REQUEST_STATES) expect(canTransition(from, to)).toBe(false);
  });

  it("allows exactly the transitions of the diagram", () => {
    const allowed = REQUEST_STATES.flatMap((f) =>
      REQUEST_STATES.filter((t) => canTransition(f, t)).map((t) => `${f}>${t}`),
    );
    expect(allowed.sort()).toEqual(
      [
        "PENDING>APPROVED",
        "PENDING>REJECTED",
        "PENDING>EXPIRED",
        "APPROVED>ACTIVE",
        "APPROVED>FAILED",
        "APPROVED>REVOKED",
        "ACTIVE>EXPIRED",
        "ACTIVE>REVOKED",
      ].sort(),
    );
  });
});
