// Requests drawn from the committed contract (apps/api/openapi.json) for the contract fuzzer
// (test/e2e/contract-fuzz.e2e-spec.ts): each operation's path, query and header parameters and
// body, valid per their schemas or with one part deliberately broken, sent as one of the
// scenarios' people (or nobody), and the properties every answer must keep.
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { CONTRACT, contractViolation, type OperationObject } from './contract.js';
import { SchemaArbitraries, type Schema } from './fuzz-arbitraries.js';
import type { Api, User } from './http.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

export const schemas = new SchemaArbitraries(CONTRACT.components.schemas as Record<string, Schema>);

// Bodies are checked as sent; parameters travel as text, so their check coerces ("7" is an integer).
const bodyAjv = addFormats(new Ajv2020({ strict: false }));
const paramAjv = addFormats(new Ajv2020({ strict: false, coerceTypes: true }));
for (const ajv of [bodyAjv, paramAjv]) ajv.addSchema({ $id: 'contract', components: CONTRACT.components });
const toContract = (schema: unknown): object =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"contract#/components/'));
const checkers = new Map<string, (value: unknown) => boolean>();
function accepts(ajv: Ajv2020, schema: object, value: unknown): boolean {
  const key = `${ajv === bodyAjv ? 'b' : 'p'}${JSON.stringify(schema)}`;
  let check = checkers.get(key);
  if (!check) {
    const validate = ajv.compile(toContract(schema));
    check = (v) => validate(structuredClone(v));
    checkers.set(key, check);
  }
  return check(value);
}

type Body = Record<string, unknown>;
const realDay = (d: string) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d);

/**
 * Rules across a body's fields the server checks (400 VALIDATION.FAILED) and JSON Schema does not
 * say: `holds` tells a valid body, `fix` makes a drawn one keep the rule. Each is in the field's
 * description in the contract.
 */
const CROSS_FIELD: Record<string, { holds(b: Body): boolean; fix(b: Body): Body }> = {
  // A programme draft has a plannedMonth of its year; an additional one has none.
  AssignDraftBody: {
    holds: (b) =>
      b.origin === 'programme'
        ? typeof b.plannedMonth === 'string' && b.plannedMonth.startsWith(`${String(b.year)}-`)
        : b.plannedMonth === undefined,
    fix: ({ plannedMonth, ...b }) =>
      b.origin === 'programme'
        ? {
            ...b,
            plannedMonth: `${String(b.year)}-${typeof plannedMonth === 'string' ? plannedMonth.slice(5, 7) : '06'}`,
          }
        : b,
  },
  // Exactly one of meetingDate (UBND meeting) or sessionDate (HĐND session).
  PostponeBody: {
    holds: (b) => (b.meetingDate === undefined) !== (b.sessionDate === undefined),
    fix: ({ sessionDate, ...b }) =>
      b.meetingDate !== undefined ? b : { ...b, sessionDate: sessionDate ?? '2019-06-03' },
  },
  // reviewedOn is a date of `year`.
  RecordReviewBody: {
    holds: (b) => typeof b.reviewedOn === 'string' && b.reviewedOn.startsWith(`${String(b.year)}-`),
    fix: (b) => {
      const day = `${String(b.year)}${String(b.reviewedOn).slice(4)}`;
      return { ...b, reviewedOn: realDay(day) ? day : `${String(b.year)}-01-15` };
    },
  },
};
const crossFieldOf = (schema: object) =>
  CROSS_FIELD[((schema as { $ref?: string }).$ref ?? '').replace('#/components/schemas/', '')];

export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly op: OperationObject;
}

/** Every operation of the contract, in its order. */
export const OPERATIONS: Operation[] = Object.entries(CONTRACT.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
);

/** Existing resources, so valid requests reach real documents and entries, not only 404s. */
export interface Known {
  /** Path template (e.g. /documents/{id}) to ids that exist behind it. */
  readonly ids: Record<string, string[]>;
  /** Values of named parameters worth trying beside random ones (e.g. projection names). */
  readonly values: Record<string, string[]>;
}

export interface Case {
  readonly who: string | undefined;
  readonly params: Record<string, Record<string, unknown>>; // by location: path, query, header
  readonly body: { value: unknown } | undefined;
  /** Which part was broken on purpose (undefined: none). */
  readonly broken: string | undefined;
  /** Take If-Match from the resource's current ETag rather than the drawn value. */
  readonly currentRevision: boolean;
}

type Param = NonNullable<OperationObject['parameters']>[number];

const resourceOf = (path: string) => path.match(/^\/[a-z-]+(\/[a-z-]+)?\/\{id\}/)?.[0];

/**
 * Parameters whose valid values only an earlier answer gives (a list's cursor, a command's
 * position): a drawn one fits the pattern but names nothing, so valid cases send known ones
 * or none; broken cases still send drawn ones.
 */
const ONLY_FROM_ANSWERS = new Set(['cursor', 'consistentWith']);

function validParam(operation: Operation, p: Param, known: Known): fc.Arbitrary<unknown> {
  const resource = resourceOf(operation.path);
  const hints = p.in === 'path' && p.name === 'id' && resource ? known.ids[resource] : known.values[p.name];
  if (ONLY_FROM_ANSWERS.has(p.name) && !p.required)
    return hints?.length ? fc.option(fc.constantFrom(...hints), { nil: undefined }) : fc.constant(undefined);
  const drawn = schemas.valid(p.schema as Schema);
  return hints?.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hints) }, drawn) : drawn;
}

/** Cases for one operation: valid ones, and ones with one parameter or the body broken. */
export function caseArbitrary(operation: Operation, people: string[], known: Known, broken: boolean) {
  const params = operation.op.parameters ?? [];
  const body = operation.op.requestBody?.content['application/json'];
  const rule = body && crossFieldOf(body.schema);
  const validBody = body
    ? schemas.valid(body.schema as Schema).map((value) => ({ value: rule ? rule.fix(value as Body) : value }))
    : undefined;
  const parts = fc.record({
    who: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...people) }, fc.constant(undefined)),
    params: fc.record(
      Object.fromEntries(
        ['path', 'query', 'header'].map((where) => {
          const here = params.filter((p) => p.in === where);
          return [
            where,
            fc.record(Object.fromEntries(here.map((p) => [p.name, validParam(operation, p, known)])), {
              requiredKeys: here.filter((p) => p.required).map((p) => p.name),
            }),
          ];
        }),
      ),
    ) as fc.Arbitrary<Record<string, Record<string, unknown>>>,
    body: validBody
      ? operation.op.requestBody?.required
        ? validBody
        : fc.option(validBody, { nil: undefined })
      : fc.constant(undefined),
    currentRevision: fc.boolean(),
  });
  if (!broken) return parts.map((c): Case => ({ ...c, broken: undefined }));
  const targets = [...params.map((p) => `${p.in}:${p.name}`), ...(body ? ['body'] : [])];
  if (targets.length === 0) return undefined;
  return fc.tuple(parts, fc.constantFrom(...targets)).chain(([c, target]) => {
    if (target === 'body')
      return fc
        .oneof(
          schemas.invalid(body!.schema as Schema).map((value) => ({ value })),
          operation.op.requestBody?.required
            ? fc.constant(undefined)
            : schemas.invalid(body!.schema as Schema).map((value) => ({ value })),
        )
        .map((b): Case => ({ ...c, body: b, broken: 'body' }));
    const [where, name] = target.split(':');
    const p = params.find((q) => q.in === where && q.name === name)!;
    const invalid =
      p.required && where !== 'path'
        ? fc.oneof(schemas.invalid(p.schema as Schema), fc.constant(undefined))
        : schemas.invalid(p.schema as Schema);
    // An empty path segment is another route (PUT /admin/users/), not this operation.
    return invalid
      .filter((bad) => where !== 'path' || onTheWire(bad) !== '')
      .map((bad): Case => ({
        ...c,
        params: { ...c.params, [where]: { ...c.params[where], [name]: bad } },
        broken: target,
      }));
  });
}

const onTheWire = (value: unknown): string | undefined =>
  value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);

/** Is the case, as it will be sent, valid by the contract (a broken part may land on a valid value)? */
export function isValid(operation: Operation, c: Case): boolean {
  for (const p of operation.op.parameters ?? []) {
    // A cursor or position an answer did not give names nothing, whatever its shape.
    if (ONLY_FROM_ANSWERS.has(p.name) && c.broken === `${p.in}:${p.name}`) return false;
    const wire = onTheWire(c.params[p.in]?.[p.name]);
    if (wire === undefined) {
      if (p.required) return false;
      continue;
    }
    if (p.in === 'path' && wire === '') return false;
    if (!accepts(paramAjv, p.schema, wire)) return false;
  }
  const body = operation.op.requestBody;
  if (body) {
    if (c.body === undefined) return !body.required;
    const schema = body.content['application/json'].schema;
    if (!accepts(bodyAjv, schema, c.body.value)) return false;
    if (crossFieldOf(schema) && !crossFieldOf(schema).holds(c.body.value as Body)) return false;
  }
  return true;
}

export interface Sent {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly status: number;
  readonly contentType: string | null;
  readonly body: unknown;
}

/** Sends the case over HTTP as it is (If-Match from the resource when asked). */
export async function send(
  api: Api,
  operation: Operation,
  c: Case,
  tokens: Map<string, string>,
  people: Record<string, User>,
): Promise<Sent> {
  let path = operation.path;
  for (const [name, value] of Object.entries(c.params.path ?? {}))
    path = path.replace(`{${name}}`, encodeURIComponent(onTheWire(value) ?? ''));
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(c.params.query ?? {})) {
    const wire = onTheWire(value);
    if (wire !== undefined) query.set(name, wire);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.params.header ?? {})) {
    const wire = onTheWire(value);
    if (wire !== undefined) headers[name] = wire.replace(/[^\t\x20-\x7e]/g, '?');
  }
  if (c.who) {
    let token = tokens.get(c.who);
    if (!token) tokens.set(c.who, (token = await api.token(people[c.who])));
    headers.authorization = `Bearer ${token}`;
  }
  if (c.currentRevision && 'If-Match' in (c.params.header ?? {}) && c.broken !== 'header:If-Match') {
    const resource = resourceOf(operation.path);
    if (resource) {
      const current = await fetch(
        `${api.baseUrl}${path.split('/').slice(0, resource.split('/').length).join('/')}`,
        {
          headers: {
            authorization: `Bearer ${await api.token(people.office ?? Object.values(people)[0])}`,
          },
        },
      );
      await current.text();
      const etag = current.headers.get('etag');
      if (current.status === 200 && etag) headers['If-Match'] = etag;
    }
  }
  let rawBody: string | undefined;
  if (c.body !== undefined) {
    rawBody = JSON.stringify(c.body.value);
    headers['content-type'] = 'application/json';
  }
  const url = `${path}${query.size ? `?${query}` : ''}`;
  const res = await fetch(`${api.baseUrl}${url}`, { method: operation.method, headers, body: rawBody });
  const text = await res.text();
  const contentType = res.headers.get('content-type');
  let body: unknown = text === '' ? undefined : text;
  if (contentType?.includes('json') && text !== '') body = JSON.parse(text);
  return { url, headers, status: res.status, contentType, body };
}

/** What is wrong with the answer to the case, or undefined. */
export function violation(operation: Operation, valid: boolean, sent: Sent): string | undefined {
  const { status, body } = sent;
  const code = (body as { code?: unknown } | undefined)?.code;
  if (status >= 500 && !(status === 504 && code === 'READ.NOT_CONSISTENT_YET'))
    return `${status} ${String(code ?? '')}`;
  const broken = contractViolation(operation.method, operation.path, status, sent.contentType, body);
  if (broken) return broken;
  if (valid && status === 400) return `a schema-valid request was refused: 400 ${String(code ?? '')}`;
  if (valid && (status === 413 || status === 415 || status === 428))
    return `a schema-valid request was refused: ${status}`;
  return undefined;
}
