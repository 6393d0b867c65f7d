/** The login of this browser tab: kept in sessionStorage, so it ends with the tab and is never shared with other tabs. */
export interface Session {
  token: string;
  name: string;
  role: string;
  expiresAt: string;
}

const KEY = 'claro-explorer:session';

export function loadSession(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    if (!session || typeof session.token !== 'string') return null;
    if (Date.parse(session.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Calls the `login` mutation; throws an Error with the server's message when it refuses. */
export async function logIn(email: string, password: string): Promise<Session> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({
      operationName: 'ExplorerLogin',
      query: 'mutation ExplorerLogin($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt staff { name role } } }',
      variables: { email, password },
    }),
  });
  const answer = (await response.json()) as GraphQLAnswer<{ login: { token: string; expiresAt: string; staff: { name: string; role: string } } }>;
  const login = answer.data?.login;
  if (!login) throw new Error(answer.errors?.[0]?.message ?? `The server answered ${response.status}`);
  return { token: login.token, expiresAt: login.expiresAt, name: login.staff.name, role: login.staff.role };
}
