// providers.aws.sign_req: adds AWS Signature Version 4 headers to an http.send-style request
// object. A pure computation (nothing is sent), following OPA's internal/providers/aws signer,
// including its operand checks and their (sometimes odd) operand numbers.

import { createHash, createHmac } from "node:crypto";
import { formatValue, RegoObject, RegoSet, toJSONText, type Value } from "../value/index.js";
import { UTC, wallClock } from "./calendar.js";
import { atoi64 } from "./goint.js";
import { formatGoLayout } from "./golayout.js";
import { escapedPath, parseGoUrl, UrlParseError } from "./gourl.js";
import { asBuiltinError, numberOperand, objectOperand, typeError } from "./operands.js";
import { type BuiltinDef, operandTypeError } from "./registry.js";

/** The request keys http.send accepts; sign_req insists on the same. */
const REQUEST_KEYS = new Set([
  "method",
  "url",
  "body",
  "enable_redirect",
  "force_json_decode",
  "force_yaml_decode",
  "headers",
  "raw_body",
  "tls_use_system_certs",
  "tls_ca_cert",
  "tls_ca_cert_file",
  "tls_ca_cert_env_variable",
  "tls_client_cert",
  "tls_client_cert_file",
  "tls_client_cert_env_variable",
  "tls_client_key",
  "tls_client_key_file",
  "tls_client_key_env_variable",
  "tls_insecure_skip_verify",
  "tls_server_name",
  "timeout",
  "cache",
  "force_cache",
  "force_cache_duration_seconds",
  "raise_error",
  "caching_mode",
  "max_retry_attempts",
  "cache_ignored_headers",
]);

const CONFIG_KEYS = ["aws_access_key", "aws_region", "aws_secret_access_key", "aws_service"];
const UNSIGNED_HEADERS = new Set(["authorization", "user-agent", "x-amzn-trace-id"]);

const text = (v: Value | undefined) => (typeof v === "string" ? v : "");

/** The names (as a Rego set text, like OPA prints them) for which `bad` holds, if any. */
function offending(names: Iterable<string>, bad: (name: string) => boolean): string | undefined {
  const found = RegoSet.from([...names].filter(bad));
  return found.size === 0 ? undefined : formatValue(found);
}

function checkConfig(config: RegoObject): void {
  const missing = offending(CONFIG_KEYS, (k) => !config.has(k));
  if (missing) throw typeError(`operand 2 missing required AWS config parameters(s): ${missing}`);
  const invalid = offending(CONFIG_KEYS, (k) => typeof config.get(k) !== "string");
  if (invalid) throw typeError(`operand 2 invalid values for required AWS config parameters(s): ${invalid}`);
}

function checkRequest(req: RegoObject): void {
  const keys = [...req.keys()];
  const unknown = RegoSet.from(keys.filter((k) => typeof k !== "string" || !REQUEST_KEYS.has(k)));
  if (unknown.size > 0) throw typeError(`operand 1 invalid request parameters(s): ${formatValue(unknown)}`);
  const missing = offending(["method", "url"], (k) => !req.has(k));
  if (missing) throw typeError(`operand 1 missing required request parameters(s): ${missing}`);
  const invalid = offending(["method", "url"], (k) => typeof req.get(k) !== "string");
  if (invalid) throw typeError(`operand 1 invalid values for required request parameters(s): ${invalid}`);
}

/** The signing instant, an int64 of nanoseconds. */
function signingTime(v: Value): { date: string; stamp: string } {
  const ns = atoi64(numberOperand(v, 1).toString());
  if (ns === undefined) throw typeError("operand 3 could not convert time_ns value into a unix timestamp");
  const sec = ns / 1_000_000_000n - (ns % 1_000_000_000n < 0n ? 1n : 0n);
  const clock = wallClock({ sec: Number(sec), nsec: 0 }, UTC);
  return { date: formatGoLayout("20060102", clock), stamp: formatGoLayout("20060102T150405Z", clock) };
}

const sha256Hex = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

function signRequest(reqArg: Value, configArg: Value, timeArg: Value): RegoObject {
  const req = objectOperand(reqArg, 1);
  const config = objectOperand(configArg, 1);
  checkConfig(config);
  const { date, stamp } = signingTime(timeArg);
  checkRequest(req);
  const headersArg = req.get("headers") ?? new RegoObject();
  if (!(headersArg instanceof RegoObject)) throw operandTypeError(0, "object", headersArg);
  const url = asBuiltinError(UrlParseError, () => parseGoUrl(text(req.get("url"))));
  const method = text(req.get("method"));
  const rawBody = req.get("raw_body");
  const body = req.get("body");
  const payload = rawBody !== undefined ? text(rawBody) : body !== undefined ? toJSONText(body) : "";
  const unsignedPayload = config.get("disable_payload_signing") ?? false;
  if (typeof unsignedPayload !== "boolean")
    throw typeError("operand 2 invalid value for 'disable_payload_signing' in AWS config");

  const service = text(config.get("aws_service"));
  const region = text(config.get("aws_region"));
  const contentHash = unsignedPayload ? "UNSIGNED-PAYLOAD" : sha256Hex(payload);
  const awsHeaders = new Map([
    ["host", url.host],
    ["x-amz-date", stamp],
  ]);
  if (service === "s3" || service === "glacier") awsHeaders.set("x-amz-content-sha256", contentHash);
  const token = text(config.get("aws_session_token"));
  if (token !== "") awsHeaders.set("x-amz-security-token", token);

  const headers = new Map<string, string>();
  for (const [k, v] of headersArg) headers.set(text(k), text(v));
  const signed = new Map(awsHeaders);
  for (const [k, v] of headers) if (!UNSIGNED_HEADERS.has(k.toLowerCase())) signed.set(k.toLowerCase(), v);
  const names = [...signed.keys()].sort();
  const canonical = [
    method,
    escapedPath(url),
    url.rawQuery,
    ...names.map((k) => `${k}:${signed.get(k)}`),
    "",
    names.join(";"),
    contentHash,
  ].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${stamp}\n${scope}\n${sha256Hex(canonical)}`;
  let key = hmac(`AWS4${text(config.get("aws_secret_access_key"))}`, date);
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
  const signature = hmac(key, toSign).toString("hex");
  const credential = `${text(config.get("aws_access_key"))}/${scope}`;

  const out = RegoObject.fromEntries(req);
  out.set(
    "headers",
    RegoObject.fromEntries([
      ...headers,
      [
        "Authorization",
        `AWS4-HMAC-SHA256 Credential=${credential},SignedHeaders=${names.join(";")},Signature=${signature}`,
      ],
      ...awsHeaders,
    ]),
  );
  return out;
}

export const providersBuiltins: BuiltinDef[] = [
  { name: "providers.aws.sign_req", arity: 3, impl: ([r, c, t]) => signRequest(r!, c!, t!) },
];
