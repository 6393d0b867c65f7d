/** Plain HTTP to /graphql, for what @apollo/client cannot send (headers per request, malformed bodies, raw status codes). */
export interface RawAnswer {
  status: number;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } | null;
}

export async function postGraphql(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return postRaw(url, typeof payload === 'string' ? payload : JSON.stringify(payload), headers);
}

export async function postRaw(url: string, body: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  let parsed: RawAnswer['body'] = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: response.status, text, body: parsed };
}

export function firstErrorOf(answer: RawAnswer): { message: string; code?: unknown; extensions: Record<string, unknown> } {
  const error = answer.body?.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${answer.status} ${answer.text.slice(0, 300)}`);
  return { message: error.message, code: error.extensions?.code, extensions: error.extensions ?? {} };
}
