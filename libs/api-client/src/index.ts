// The typed Draftline client: paths, bodies, parameters and answers come from the committed
// contract (apps/api/openapi.json, types in schema.ts, both written by `npm run openapi`), so a
// contract change breaks the build of whoever calls it, not a user.
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';
/** The named schemas of the contract: `Schema<'Document'>`, `Schema<'Problem'>`, … */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];
export type Problem = Schema<'Problem'>;
export type DraftlineClient = Client<paths>;

export interface DraftlineClientOptions extends ClientOptions {
  /** A bearer token sent with every request, or a function giving the current one. */
  readonly token?: string | (() => string | undefined);
}

/**
 * A client for a Draftline API at `baseUrl` (e.g. http://127.0.0.1:3000, or '' in a browser on
 * the same origin). Errors come back as `{ error: Problem, response }`, never thrown.
 */
export function createDraftlineClient({ token, ...options }: DraftlineClientOptions = {}): DraftlineClient {
  const client = createClient<paths>(options);
  if (token !== undefined) {
    const auth: Middleware = {
      onRequest({ request }) {
        const value = typeof token === 'function' ? token() : token;
        if (value !== undefined && !request.headers.has('authorization'))
          request.headers.set('authorization', `Bearer ${value}`);
        return request;
      },
    };
    client.use(auth);
  }
  return client;
}

/** The kebab-case command routes a document's `availableCommands` names. */
export type CommandRoute =
  Extract<keyof paths, `/documents/{id}/${string}`> extends `/documents/{id}/${infer R}`
    ? Exclude<R, 'history' | 'verify' | 'deadlines'>
    : never;

/** The operation of a route, for typing a helper that takes any of them. */
export type OperationId = keyof operations;
