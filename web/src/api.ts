/**
 * The HTTP API (/api/v1) as the app uses it: JSON in and out, the session cookie sent by
 * the browser (same origin), and RFC 9457 problems turned into `ApiError`s that keep the
 * field and reason the server named, so a form can show them next to what was wrong.
 */

export const API = '/api/v1';

export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function problemOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as { code?: string; detail?: string; title?: string; errors?: FieldProblem[] };
  return new ApiError(response.status, body.code ?? 'http_error', body.detail ?? body.title ?? response.statusText, body.errors ?? []);
}

export async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`${API}${path}`, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** POSTs a CSV sheet (text/csv) and returns the JSON answer; problems as for `request`. */
export async function postCsv<T>(path: string, csv: string): Promise<T> {
  const response = await fetch(`${API}${path}`, {
    method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json', 'content-type': 'text/csv' }, body: csv,
  });
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

export const get = <T>(path: string) => takePrefetched<T>(path) ?? request<T>('GET', path);

/** GETs started before the page that reads them is rendered, each taken by the first `get` of its path within a few seconds. */
const prefetched = new Map<string, { readonly response: Promise<unknown>; readonly at: number }>();
const PREFETCH_FRESH_MS = 5_000;

/**
 * Starts a GET now, so a page opened directly does not wait for the session and dialogue
 * list before asking for its data. A failed prefetch (no session yet, say) is forgotten: the
 * page's own `get` asks again and gets the real answer.
 */
export function prefetch(path: string): void {
  const response = request<unknown>('GET', path);
  const entry = { response, at: performance.now() };
  prefetched.set(path, entry);
  response.catch(() => { if (prefetched.get(path) === entry) prefetched.delete(path); });
}

function takePrefetched<T>(path: string): Promise<T> | undefined {
  const entry = prefetched.get(path);
  if (entry === undefined) return undefined;
  prefetched.delete(path);
  // Data kept longer than that would be shown as if it were current.
  if (performance.now() - entry.at > PREFETCH_FRESH_MS) return undefined;
  return (entry.response as Promise<T>).catch(() => request<T>('GET', path));
}
export const post = <T>(path: string, body: unknown = {}) => request<T>('POST', path, body);
/** A PUT checked against the version last read (If-Match; none creates): 412 when someone changed it since. */
export const put = <T>(path: string, body: unknown, version?: number) =>
  request<T>('PUT', path, body, version === undefined ? {} : { 'if-match': `"${version}"` });

/** Text in one or more languages, as the record keeps it: a missing translation is absent. */
export type Multilingual = Readonly<Record<string, string>>;

export interface Member {
  readonly id: string;
  readonly party: string;
  readonly name: string;
  readonly roles: readonly string[];
}

export interface Session {
  readonly member: Member;
  readonly via: string;
  /** Actions of the server's role policy (domain/policy.ts) this member may perform. */
  readonly permissions: readonly string[];
}

export interface Dialogue {
  readonly id: string;
  readonly title: Multilingual;
  readonly createdAt: string;
  readonly parties: readonly { id: string; name: Multilingual }[];
}

/** One aggregate as the list and read endpoints present it. */
export interface Aggregate<S> {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly party: string | null;
  readonly date: string | null;
  readonly version: number;
  readonly state: S;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

/** Every item of a paged list (the board and the groups list show them all). */
export async function all<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  for (let after: string | null = null; ;) {
    const separator = path.includes('?') ? '&' : '?';
    const page: Page<T> = await get<Page<T>>(`${path}${separator}limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    items.push(...page.items);
    if (!page.next) return items;
    after = page.next;
  }
}

export const dialoguePath = (dialogue: string, rest = '') => `/dialogues/${encodeURIComponent(dialogue)}${rest}`;
