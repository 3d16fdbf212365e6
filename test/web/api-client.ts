// For the web app's end-to-end tests: a member acting through the HTTP API (as another
// party's duty officer would, from their own tools) while the browser under test watches.
import { demoPassword } from './browser.js';

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
}

/** Logs `member` in (demo password) and returns a client that sends its session cookie. */
export async function apiAs(baseUrl: string, member: string): Promise<ApiClient> {
  const login = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ member, password: demoPassword(member) }),
  });
  if (!login.ok) throw new Error(`login of ${member} failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method, headers: { cookie, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path} as ${member}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body), patch: (path, body) => call('PATCH', path, body) };
}
