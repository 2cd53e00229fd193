import { ApiError, ConnectionError, ResponseError } from "@jitsudo/client";
import { describe, expect, it } from "vitest";
import { CliError, usageError } from "../src/errors.js";
import { EXIT } from "../src/exit-codes.js";
import { describeError } from "../src/report-error.js";

const api = (status: number, code: string, detail: string) =>
  new ApiError(status, code, detail, "GET", "http://x/api");

describe("exit codes and messages of errors", () => {
  it.each([
    ["a usage error", usageError("bad flag"), { message: "bad flag", exitCode: EXIT.usage }],
    [
      "a CLI error",
      new CliError("gave up", EXIT.noAccess, "check later"),
      { message: "gave up", hint: "check later", exitCode: 3 },
    ],
    [
      "401",
      api(401, "unauthenticated", "token expired"),
      { message: "not authenticated: token expired", exitCode: 4 },
    ],
    [
      "not_eligible",
      api(403, "not_eligible", "not authorized"),
      { message: "not eligible: not authorized", exitCode: 1 },
    ],
    [
      "permission_denied",
      api(403, "permission_denied", "only an admin may reload"),
      { message: "only an admin may reload", exitCode: 1 },
    ],
    [
      "wrong_state",
      api(409, "wrong_state", "request req_1 is ACTIVE"),
      { message: "request req_1 is ACTIVE", exitCode: 1 },
    ],
    [
      "unavailable",
      api(503, "unavailable", "database unreachable"),
      { message: "database unreachable", hint: expect.stringContaining("server status"), exitCode: 1 },
    ],
    [
      "an unreachable server",
      new ConnectionError("https://jitsudo.example.com", "getaddrinfo ENOTFOUND jitsudo.example.com"),
      {
        message:
          "cannot reach the jitsudo server at https://jitsudo.example.com: getaddrinfo ENOTFOUND jitsudo.example.com",
        hint: expect.stringContaining("--server"),
        exitCode: 1,
      },
    ],
    [
      "an untrusted certificate",
      new ConnectionError("https://jitsudo.example.com", "self-signed certificate in certificate chain"),
      { hint: expect.stringContaining("--ca-file"), exitCode: 1 },
    ],
    [
      "an odd answer",
      new ResponseError("GET", "http://x/api/whoami", "identity: required"),
      { hint: expect.stringContaining("server version"), exitCode: 1 },
    ],
    ["anything else", new Error("boom"), { message: "boom", exitCode: 1 }],
  ])("%s", (_, error, expected) => {
    expect(describeError(error)).toMatchObject(expected);
  });
});
