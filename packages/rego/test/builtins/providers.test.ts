import { describe, expect, it } from "vitest";
import { RegoNumber, toJSON, type Value } from "../../src/value/index.js";
import { call, v, failureText } from "./call.js";

const failure = (...args: Value[]) => failureText("providers.aws.sign_req", ...args);

// AWS's own Signature Version 4 example (IAM ListUsers, 2015-08-30T12:36:00Z)
const request = {
  method: "GET",
  url: "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
  headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "User-Agent": "x" },
};
const config = {
  aws_access_key: "AKIDEXAMPLE",
  aws_secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  aws_service: "iam",
  aws_region: "us-east-1",
};
const at = RegoNumber.fromInt(1_440_938_160_000_000_000n);

describe("providers.aws.sign_req", () => {
  it("reproduces AWS's Signature Version 4 example", () => {
    expect(toJSON(call("providers.aws.sign_req", v(request), v(config), at)!)).toEqual({
      ...request,
      headers: {
        ...request.headers,
        Authorization:
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,SignedHeaders=content-type;host;x-amz-date,Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
        host: "iam.amazonaws.com",
        "x-amz-date": "20150830T123600Z",
      },
    });
  });

  it("adds the payload hash for s3 and the session token", () => {
    const out = toJSON(
      call(
        "providers.aws.sign_req",
        v({ method: "PUT", url: "https://b.s3.amazonaws.com/k", raw_body: "hi" }),
        v({ ...config, aws_service: "s3", aws_session_token: "tok", disable_payload_signing: true }),
        at,
      )!,
    ) as { headers: Record<string, string> };
    expect(out.headers["x-amz-content-sha256"]).toBe("UNSIGNED-PAYLOAD");
    expect(out.headers["x-amz-security-token"]).toBe("tok");
    expect(out.headers.Authorization).toContain(
      "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,",
    );
  });

  it("checks its operands as OPA does", () => {
    expect(failure(v({}), v(config), at)).toBe(
      'eval_type_error: operand 1 missing required request parameters(s): {"method", "url"}',
    );
    expect(failure(v({ ...request, foo: 1 }), v(config), at)).toBe(
      'eval_type_error: operand 1 invalid request parameters(s): {"foo"}',
    );
    expect(failure(v(request), v({ aws_region: "x" }), at)).toBe(
      'eval_type_error: operand 2 missing required AWS config parameters(s): {"aws_access_key", "aws_secret_access_key", "aws_service"}',
    );
    expect(failure(v(request), v(config), RegoNumber.fromText("1e9"))).toBe(
      "eval_type_error: operand 3 could not convert time_ns value into a unix timestamp",
    );
    expect(failure(v(request), v({ ...config, disable_payload_signing: "yes" }), at)).toBe(
      "eval_type_error: operand 2 invalid value for 'disable_payload_signing' in AWS config",
    );
  });
});
