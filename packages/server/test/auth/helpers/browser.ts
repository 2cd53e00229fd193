/**
 * Just enough of a browser to walk through the dev IdP's pages: it keeps cookies (by path),
 * follows redirects, and submits the forms it finds in the HTML, as a person clicking would.
 */
export class Browser {
  readonly #cookies = new Map<string, { value: string; path: string }>();
  page: Page | undefined;

  async open(url: string | URL): Promise<Page> {
    return this.#navigate(new URL(url), "GET");
  }

  /** Submits a form of the current page, with `values` filled in (the button's name=value included). */
  async submit(formId: string, values: Record<string, string> = {}): Promise<Page> {
    const page = this.#current();
    const form = page.forms.find((candidate) => candidate.id === formId);
    if (!form) throw new Error(`no form ${formId} on ${page.url}: ${page.html.slice(0, 500)}`);
    const body = new URLSearchParams({ ...form.fields, ...values });
    return this.#navigate(new URL(form.action, page.url), form.method, body);
  }

  #current(): Page {
    if (!this.page) throw new Error("no page open");
    return this.page;
  }

  async #navigate(url: URL, method: string, body?: URLSearchParams): Promise<Page> {
    for (let hops = 0; hops < 20; hops++) {
      const response = await fetch(url, {
        method,
        body,
        redirect: "manual",
        headers: { cookie: this.#cookieHeader(url) },
      });
      this.#remember(url, response.headers.getSetCookie());
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        url = new URL(location, url);
        method = "GET";
        body = undefined;
        continue;
      }
      const html = await response.text();
      this.page = { url, status: response.status, html, forms: formsIn(html) };
      return this.page;
    }
    throw new Error(`too many redirects from ${url}`);
  }

  #cookieHeader(url: URL): string {
    return [...this.#cookies]
      .filter(([, cookie]) => url.pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join("; ");
  }

  #remember(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(";").map((part) => part.trim());
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const attribute = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attribute("path") ?? url.pathname;
      const expires = attribute("expires");
      if (value === "" || (expires && Date.parse(expires) <= Date.now())) this.#cookies.delete(name);
      else this.#cookies.set(name, { value, path });
    }
  }
}

export interface Page {
  readonly url: URL;
  readonly status: number;
  readonly html: string;
  readonly forms: readonly Form[];
}

export interface Form {
  readonly id: string | undefined;
  readonly action: string;
  readonly method: string;
  /** Its named inputs with their values (buttons excluded). */
  readonly fields: Readonly<Record<string, string>>;
}

function formsIn(html: string): Form[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map(([, attributes, content]) => {
    const form = attributesOf(attributes);
    const fields: Record<string, string> = {};
    for (const [, inputAttributes] of content.matchAll(/<input\b([^>]*)>/gi)) {
      const input = attributesOf(inputAttributes);
      if (input.name !== undefined) fields[input.name] = input.value ?? "";
    }
    return { id: form.id, action: form.action ?? "", method: (form.method ?? "GET").toUpperCase(), fields };
  });
}

function attributesOf(source: string): Record<string, string | undefined> {
  const attributes: Record<string, string> = {};
  for (const [, name, value] of source.matchAll(/([\w.:-]+)(?:\s*=\s*"([^"]*)")?/g)) {
    attributes[name.toLowerCase()] = decodeEntities(value ?? "");
  }
  return attributes;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCharCode(Number.parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
