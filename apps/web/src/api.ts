/// <reference lib="dom" />
// The one module that talks to the API (same origin, bearer token), through the typed client
// generated from the committed contract (#api-client, openapi-fetch): a path, parameter or body
// the contract does not have breaks the web build. The pages only see these functions and types.
import { createDraftlineClient, type Schema } from '#api-client';

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

/** A row of the document list, as the contract describes it. */
export type DocumentSummary = Schema<'DocumentSummary'>;
/** One document with its available commands, as the contract describes it. */
export type DocumentView = Schema<'Document'>;
/** One step of a document's history (its draft stream and its clocks' stream). */
export type HistoryEntry = Schema<'HistoryEntry'>;

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

/** The same-origin typed client; the bearer is the session's, read at each request. */
const client = createDraftlineClient({ baseUrl: '', token: () => loadSession()?.token });

type Answer<T> = { data?: T; error?: unknown; response: Response };

/**
 * The body of a typed-client answer, or an ApiError with the problem (a 401 of a signed-in call
 * also sends the user to sign in); a request that never got an answer is the NETWORK problem.
 */
async function answer<T>(call: () => Promise<Answer<T>>, auth = true): Promise<T> {
  let res: Answer<T>;
  try {
    res = await call();
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK' });
  }
  if (!res.response.ok) {
    const problem = (
      typeof res.error === 'object' && res.error !== null ? res.error : {}
    ) as Partial<Problem>;
    if (res.response.status === 401 && auth) onUnauthorized();
    throw new ApiError({ ...problem, status: res.response.status });
  }
  return res.data as T;
}

const path = (id: string) => ({ path: { id } });

export const api = {
  /** How this server signs people in: the demo picker (embedded), an OpenID provider, or neither. */
  webConfig: () => answer(() => client.GET('/web/config'), false),
  /** Who the api takes the bearer for (after an OpenID sign-in: the directory's entry). */
  me: async (token: string) =>
    (await answer(
      () => client.GET('/web/me', { headers: { Authorization: `Bearer ${token}` } }),
      false,
    )) as DemoUser,
  demoUsers: async () => (await answer(() => client.GET('/web/demo-users'), false)).users as DemoUser[],
  demoSession: async (userId: string) =>
    (await answer(() => client.POST('/web/demo-session', { body: { userId } }), false)) as Session,
  listDocuments: async (params: Record<string, string | undefined>) => {
    const query = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
    return (await answer(() => client.GET('/documents', { params: { query: query as never } }))) as {
      items: DocumentSummary[];
      nextCursor: string | null;
    };
  },
  document: async (id: string, consistentWith?: string) =>
    (await answer(() =>
      client.GET('/documents/{id}', { params: { ...path(id), query: { consistentWith } } }),
    )) as DocumentView,
  history: async (id: string, consistentWith?: string) =>
    (await answer(() =>
      client.GET('/documents/{id}/history', { params: { ...path(id), query: { consistentWith } } }),
    )) as { events: HistoryEntry[] },
  deadlines: async (id: string) =>
    (await answer(() => client.GET('/documents/{id}/deadlines', { params: path(id) })))
      .deadlines as Deadline[],
  /** The issuer's next free number for the document's issue (or certify) form. */
  nextNumber: async (id: string) =>
    (await answer(() => client.GET('/documents/{id}/next-number', { params: path(id) }))) as {
      documentNumber: string;
    },
  verify: async (id: string) =>
    (await answer(() => client.GET('/documents/{id}/verify', { params: path(id) }))) as { intact: boolean },
  run: async (id: string, command: string, revision: number, body: Record<string, unknown>) =>
    // One call for every command route: the route is the command's (availableCommands names it),
    // the body the one its form made from the contract's schema.
    (await answer(() =>
      client.POST(`/documents/{id}/${command}` as '/documents/{id}/start-drafting', {
        params: {
          ...path(id),
          header: { 'If-Match': `"${revision}"`, 'Idempotency-Key': crypto.randomUUID() },
        },
        body: body as never,
      }),
    )) as { revision: number; position: string },
  notifications: async (cursor?: string) =>
    (await answer(() => client.GET('/me/notifications', { params: { query: { limit: 20, cursor } } }))) as {
      notifications: Notification[];
      nextCursor: string | null;
    },
  markRead: (id: string) => answer(() => client.POST('/me/notifications/{id}/read', { params: path(id) })),
  report: async (agency: string, year: string, asOf?: string) =>
    (await answer(() =>
      client.GET('/reports/programme', { params: { query: { agency, year, asOf: asOf || undefined } } }),
    )) as Record<string, unknown>,
  reportCsv: async (agency: string, year: string, asOf?: string) =>
    (await answer(() =>
      client.GET('/reports/programme', {
        params: { query: { agency, year, asOf: asOf || undefined } },
        headers: { Accept: 'text/csv' },
        parseAs: 'text',
      }),
    )) as unknown as string,
  /** Each command's body schema and label, from the committed contract the API serves. */
  contract: async (): Promise<Record<string, CommandContract>> => {
    // The contract document itself is not one of its own JSON routes: a plain same-origin fetch.
    const res = await fetch('/docs-json', { headers: { Accept: 'application/json' } }).catch(() => {
      throw new ApiError({ status: 0, code: 'NETWORK' });
    });
    if (!res.ok) throw new ApiError({ status: res.status });
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, unknown>>;
      components?: { schemas?: Record<string, JsonSchema> };
    };
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
