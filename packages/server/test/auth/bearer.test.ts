import { describe, expect, test } from "vitest";
import { bearerToken } from "../../src/auth/index.js";

describe("bearerToken", () => {
  test.each([
    ["Bearer abc.def.ghi", "abc.def.ghi"],
    ["bearer abc.def.ghi", "abc.def.ghi"],
    ["BEARER  abc.def.ghi ", "abc.def.ghi"],
  ])("reads the token of %j", (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  test.each([[undefined], [""]])("answers 401 for a missing header (%j)", (header) => {
    expect(() => bearerToken(header)).toThrow(
      expect.objectContaining({
        code: "unauthenticated",
        detail: "missing Authorization header (expected: Bearer <ID token>)",
      }),
    );
  });

  test.each([["Basic dXNlcjpwYXNz"], ["Bearer"], ["Bearer "], ["Bearer a b"], ["abc.def.ghi"]])(
    "answers 401 for %j without echoing it",
    (header) => {
      let error: unknown;
      try {
        bearerToken(header);
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({
        code: "unauthenticated",
        detail: "Authorization header must be: Bearer <ID token>",
      });
    },
  );
});
