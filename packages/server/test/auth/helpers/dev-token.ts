/** `POST /dev/token` of a running dev IdP. */
export async function postDevToken(origin: string, body: unknown): Promise<Response> {
  return fetch(`${origin}/dev/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

export interface DevTokenResponse {
  readonly id_token: string;
  readonly expires_in: number;
}

export async function devToken(origin: string, email: string): Promise<string> {
  const response = await postDevToken(origin, { email });
  if (response.status !== 200)
    throw new Error(`POST /dev/token ${response.status}: ${await response.text()}`);
  return (await readJson<DevTokenResponse>(response)).id_token;
}

/** A JSON response body, typed as the test expects it (the assertions check the shape). */
export async function readJson<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
