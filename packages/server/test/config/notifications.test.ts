import { describe, expect, it } from "vitest";
import { devConfig, problemAt, problemsOf } from "./helpers.js";

const SMTP = { host: "smtp.example.com", from: "jitsudo <jitsudo@example.com>", to: ["sre@example.com"] };

describe("notifications", () => {
  it("retries each channel for notifications.retry_for", () => {
    expect(devConfig({ notifications: { retry_for: "30m" } }).notifications.retryForMs).toBe(1_800_000);
  });

  it("reads a Slack block", () => {
    const slack = {
      webhook_url: "https://hooks.slack.com/services/T/B/X",
      channel: "#access",
      mention_on_break_glass: "<!channel>",
    };
    const config = devConfig({ notifications: { slack } }).notifications.slack;
    expect(config?.webhookUrl.reveal()).toBe("https://hooks.slack.com/services/T/B/X");
    expect(config).toMatchObject({ channel: "#access", mentionOnBreakGlass: "<!channel>" });
  });

  it("sends e-mail on 587 with STARTTLS, or 465 with TLS", () => {
    expect(devConfig({ notifications: { smtp: SMTP } }).notifications.smtp).toMatchObject({
      port: 587,
      secure: false,
    });
    expect(devConfig({ notifications: { smtp: { ...SMTP, secure: true } } }).notifications.smtp?.port).toBe(
      465,
    );
    expect(devConfig({ notifications: { smtp: { ...SMTP, port: 2525 } } }).notifications.smtp?.port).toBe(
      2525,
    );
  });

  it("needs someone to send e-mail to", () => {
    const problems = problemsOf(() => devConfig({ notifications: { smtp: { ...SMTP, to: [] } } }));
    expect(problemAt(problems, "notifications.smtp.to").message).toBe("must list at least 1 entry");
  });

  it("reads webhooks with headers, secret and an event filter", () => {
    const webhooks = [
      {
        url: "https://hooks.example.com/jitsudo",
        headers: { Authorization: "Bearer abc" },
        secret: "hmac-secret",
        events: ["break_glass", "approved"],
      },
      { url: "https://audit.example.com/in" },
    ];
    const [first, second] = devConfig({ notifications: { webhooks } }).notifications.webhooks;
    expect(first.url.reveal()).toBe("https://hooks.example.com/jitsudo");
    expect(first.headers.Authorization.reveal()).toBe("Bearer abc");
    expect(first.secret?.reveal()).toBe("hmac-secret");
    expect(first.events).toEqual(["break_glass", "approved"]);
    expect(second).toMatchObject({ headers: {}, secret: undefined, events: [] });
  });

  it("refuses an unknown event type, with a suggestion", () => {
    const webhooks = [{ url: "https://hooks.example.com/jitsudo", events: ["breakglass"] }];
    const problems = problemsOf(() => devConfig({ notifications: { webhooks } }));
    expect(problemAt(problems, "notifications.webhooks[0].events[0]").message).toMatch(
      /^must be one of request_created, .*, not "breakglass" \(did you mean break_glass\?\)$/,
    );
  });

  it("reads a SIEM JSON block", () => {
    const json = { url: "https://siem.example.com/ingest", headers: { "X-Token": "t" }, events: ["denied"] };
    const siem = devConfig({ notifications: { siem: { json } } }).notifications.siem.json;
    expect(siem?.url.reveal()).toBe("https://siem.example.com/ingest");
    expect(siem?.headers["X-Token"].reveal()).toBe("t");
    expect(siem?.events).toEqual(["denied"]);
  });

  it("sends syslog over UDP unless told otherwise", () => {
    const syslog = { address: "siem.example.com:514" };
    expect(devConfig({ notifications: { siem: { syslog } } }).notifications.siem.syslog).toEqual({
      network: "udp",
      host: "siem.example.com",
      port: 514,
      tag: "jitsudo",
      facility: "auth",
    });
  });

  it("sends syslog to a local socket", () => {
    const syslog = { network: "unix", address: "/dev/log", tag: "jitsudo-prod", facility: "local3" };
    expect(devConfig({ notifications: { siem: { syslog } } }).notifications.siem.syslog).toEqual({
      network: "unix",
      socketPath: "/dev/log",
      tag: "jitsudo-prod",
      facility: "local3",
    });
  });

  it("refuses a header name HTTP would", () => {
    const webhooks = [{ url: "https://hooks.example.com/jitsudo", headers: { "X Token": "t" } }];
    const problems = problemsOf(() => devConfig({ notifications: { webhooks } }));
    expect(problemAt(problems, "notifications.webhooks[0].headers.X Token").message).toBe(
      '"X Token" is not an HTTP header name',
    );
  });
});
