// The dev IdP's server-rendered pages: plain HTML with inline styles, no scripts or external assets.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Sent with every page: nothing but inline styles may load, and no site may frame the pages. */
export const PAGE_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:48px 16px;color:#1d2330}
main{max-width:360px;margin:0 auto;background:#fff;border-radius:8px;padding:24px 28px;box-shadow:0 1px 3px #0002}
h1{font-size:1.3em;margin:0 0 4px}.note{color:#5c6370;font-size:.9em}.error{color:#b00020}
label{display:block;margin:14px 0 4px;font-size:.9em}
input[type=text],input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:8px;font-size:1em}
button{margin-top:18px;padding:8px 16px;font-size:1em;cursor:pointer}button.secondary{background:none;border:none;color:#5c6370}
code{font-size:1.4em;letter-spacing:.1em}ul{padding-left:20px}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · jitsudo dev IdP</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>
<p class="note">jitsudo dev identity provider: for local use only.</p>
${body}
</main></body></html>`;
}

const errorLine = (message: string | undefined) =>
  message === undefined ? "" : `<p class="error">${escapeHtml(message)}</p>`;

export function loginPage(view: { action: string; email?: string; error?: string }): string {
  return page(
    "Sign in",
    `${errorLine(view.error)}
<form id="login" method="post" action="${escapeHtml(view.action)}">
<label for="email">Email</label>
<input id="email" type="email" name="email" value="${escapeHtml(view.email ?? "")}" autofocus required>
<label for="password">Password</label>
<input id="password" type="password" name="password" required>
<button type="submit">Sign in</button>
</form>
<p class="note">Users: alice@example.com, bob@example.com, charlie@example.com; password: password</p>`,
  );
}

export function consentPage(view: {
  clientName: string;
  scopes: readonly string[];
  allowAction: string;
  denyAction: string;
}): string {
  const scopes = view.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join("");
  return page(
    "Allow access?",
    `<p><strong>${escapeHtml(view.clientName)}</strong> asks for:</p><ul>${scopes}</ul>
<form id="allow" method="post" action="${escapeHtml(view.allowAction)}"><button type="submit">Allow</button></form>
<form id="deny" method="post" action="${escapeHtml(view.denyAction)}"><button class="secondary" type="submit">Deny</button></form>`,
  );
}

/** `form` is oidc-provider's device code form (`op.deviceInputForm`): its fields, without a button. */
export function deviceCodePage(form: string, error?: string): string {
  return page(
    "Device sign-in",
    `<p>Enter the code shown by <code>jitsudo login</code>.</p>${errorLine(error)}
${form}
<button type="submit" form="op.deviceInputForm">Continue</button>`,
  );
}

/** `form` is oidc-provider's confirmation form (`op.deviceConfirmForm`). */
export function deviceConfirmPage(form: string, view: { clientName: string; userCode: string }): string {
  return page(
    "Confirm device",
    `<p><strong>${escapeHtml(view.clientName)}</strong> wants to sign in. Check that it shows this code:</p>
<p><code>${escapeHtml(view.userCode)}</code></p>
${form}
<button type="submit" form="op.deviceConfirmForm">Continue</button>
<button class="secondary" type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Cancel</button>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<p>${escapeHtml(message)}</p>`);
}
