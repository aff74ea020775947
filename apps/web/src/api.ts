/// <reference lib="dom" />
// The one module that talks to the API (same origin, bearer token). When the typed client of
// libs/api-client lands, this is the file to swap; the pages only see these functions and types.

export interface Session {
  readonly token: string;
  readonly user: DemoUser;
  readonly expiresAt: string;
}

export interface DemoUser {
  readonly id: string;
  readonly displayName: string;
  readonly agency: string;
  readonly roles: string[];
}

export interface Problem {
  readonly status: number;
  readonly title?: string;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: { path?: string; message?: string }[];
  readonly [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title ?? `HTTP ${problem.status}`);
  }
}

export interface DocumentSummary {
  readonly id: string;
  readonly kind: string;
  readonly agency: string;
  readonly title: string;
  readonly stage: string;
  readonly procedure: string;
  readonly origin: string;
  readonly year: number;
  readonly plannedMonth: string | null;
  readonly revision: number;
  readonly updatedAt: string;
}

export interface DocumentView extends Record<string, unknown> {
  readonly id: string;
  readonly kind: string;
  readonly agency: string;
  readonly title: string;
  readonly stage: string;
  readonly procedure: string;
  readonly plannedMonth?: string;
  readonly revision: number;
  readonly availableCommands: string[];
}

export interface HistoryEntry {
  readonly stream: 'draft' | 'deadline';
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly actor: { userId: string | null; role: string | null; agency: string | null };
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly reason: string | null;
}

export interface Deadline {
  readonly clockId: string;
  readonly name: string;
  readonly status: string;
  readonly dueDate: string;
  readonly dueIn?: { days: number; overdue: boolean };
}

export interface Notification {
  readonly id: string;
  readonly documentId?: string;
  readonly readAt?: string | null;
  readonly createdAt?: string;
  readonly [key: string]: unknown;
}

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  format?: string;
  maxLength?: number;
  minLength?: number;
  title?: string;
  description?: string;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

export interface CommandContract {
  readonly summary?: string;
  readonly schema?: JsonSchema;
}

const SESSION_KEY = 'draftline.session';

export function loadSession(): Session | undefined {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    return s && Date.parse(s.expiresAt) > Date.now() ? s : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
}

/** Called when the API says the token is no longer good (the app sends the user to sign in). */
let onUnauthorized: () => void = () => undefined;
export const whenUnauthorized = (f: () => void) => (onUnauthorized = f);

async function request<T>(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; auth?: boolean; accept?: string } = {},
): Promise<{ body: T; headers: Headers }> {
  const headers: Record<string, string> = {
    Accept: options.accept ?? 'application/json',
    ...options.headers,
  };
  const session = loadSession();
  if (options.auth !== false && session) headers.Authorization = `Bearer ${session.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK' });
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as Partial<Problem>;
    if (res.status === 401 && options.auth !== false) onUnauthorized();
    throw new ApiError({ ...problem, status: res.status });
  }
  const type = res.headers.get('content-type') ?? '';
  const body = (
    res.status === 204 ? undefined : type.includes('json') ? await res.json() : await res.text()
  ) as T;
  return { body, headers: res.headers };
}

const get = async <T>(path: string) => (await request<T>('GET', path)).body;
const query = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};

export const api = {
  demoUsers: async () =>
    (await request<{ users: DemoUser[] }>('GET', '/web/demo-users', { auth: false })).body.users,
  demoSession: async (userId: string) =>
    (await request<Session>('POST', '/web/demo-session', { body: { userId }, auth: false })).body,
  listDocuments: (params: Record<string, string | undefined>) =>
    get<{ items: DocumentSummary[]; nextCursor: string | null }>(`/documents${query(params)}`),
  document: (id: string, consistentWith?: string) =>
    get<DocumentView>(`/documents/${encodeURIComponent(id)}${query({ consistentWith })}`),
  history: (id: string, consistentWith?: string) =>
    get<{ events: HistoryEntry[] }>(
      `/documents/${encodeURIComponent(id)}/history${query({ consistentWith })}`,
    ),
  deadlines: (id: string) =>
    get<{ deadlines: Deadline[] } | Deadline[]>(`/documents/${encodeURIComponent(id)}/deadlines`).then((d) =>
      Array.isArray(d) ? d : (d.deadlines ?? []),
    ),
  verify: (id: string) => get<{ intact: boolean }>(`/documents/${encodeURIComponent(id)}/verify`),
  run: async (id: string, command: string, revision: number, body: Record<string, unknown>) =>
    (
      await request<{ revision: number; position: string }>(
        'POST',
        `/documents/${encodeURIComponent(id)}/${command}`,
        { body, headers: { 'If-Match': `"${revision}"`, 'Idempotency-Key': crypto.randomUUID() } },
      )
    ).body,
  notifications: (cursor?: string) =>
    get<{ notifications: Notification[]; nextCursor: string | null }>(
      `/me/notifications${query({ limit: '20', cursor })}`,
    ),
  markRead: (id: string) => request<void>('POST', `/me/notifications/${encodeURIComponent(id)}/read`),
  report: (agency: string, year: string, asOf?: string) =>
    get<Record<string, unknown>>(`/reports/programme${query({ agency, year, asOf })}`),
  reportCsv: async (agency: string, year: string, asOf?: string) =>
    (
      await request<string>('GET', `/reports/programme${query({ agency, year, asOf })}`, {
        accept: 'text/csv',
      })
    ).body,
  /** Each command's body schema and label, from the committed contract the API serves. */
  contract: async (): Promise<Record<string, CommandContract>> => {
    const doc = (
      await request<{
        paths: Record<string, Record<string, unknown>>;
        components?: { schemas?: Record<string, JsonSchema> };
      }>('GET', '/docs-json', { auth: false })
    ).body;
    const resolve = (s: JsonSchema | undefined): JsonSchema | undefined => {
      const ref = s?.$ref?.replace('#/components/schemas/', '');
      return ref ? doc.components?.schemas?.[ref] : s;
    };
    const out: Record<string, CommandContract> = {};
    for (const [path, ops] of Object.entries(doc.paths ?? {})) {
      const m = /^\/documents\/\{id\}\/([a-z-]+)$/.exec(path);
      const post = ops.post as
        { summary?: string; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } } | undefined;
      if (!m || !post) continue;
      out[m[1]] = {
        summary: post.summary,
        schema: resolve(post.requestBody?.content?.['application/json']?.schema),
      };
    }
    return out;
  },
};
