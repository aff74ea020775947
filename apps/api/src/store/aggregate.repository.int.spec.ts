// The repository's kept stream states (issue 13, P1): a command at the revision this process saw
// last costs the append alone, and stays right with writers in other processes (two
// repositories over one PostgreSQL store stand for two API processes).
import { randomBytes, randomUUID } from 'node:crypto';
import { ConcurrencyError, createPgEventStore, type EventStore, type PostgresEventStore } from '#event-store';
import type { Principal } from '../auth/principal.js';
import { SystemClock } from '../clock.js';
import { ProblemException } from '../http/problem.js';
import { AggregateRepository, type AggregateKind } from './aggregate.repository.js';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `repo_known_${randomBytes(5).toString('hex')}`;

type Command = { type: 'Open' } | { type: 'Add'; n: number } | { type: 'Close' } | { type: 'Reopen' };
type Event = { type: string; data: { n?: number }; schemaVersion: number };
type State = { exists: boolean; total: number; closed: boolean };

/** A tally: Open creates it, Add adds, Close stops additions, Reopen allows them again. */
const TALLY: AggregateKind<Command, Event, State> = {
  stream: (id) => `tally-${id}`,
  initial: { exists: false, total: 0, closed: false },
  evolve: (s, e) =>
    e.type === 'Opened'
      ? { exists: true, total: 0, closed: false }
      : e.type === 'Added'
        ? { ...s, total: s.total + (e.data.n ?? 0) }
        : { ...s, closed: e.type === 'Closed' },
  authorize: (_c, _s, actor) => {
    if (!actor.roles.includes('drafter')) throw new ProblemException(403, 'TEST.FORBIDDEN', 'no');
    return 'drafter';
  },
  decide: (c, s) => {
    if (c.type === 'Open') return [{ type: 'Opened', data: {}, schemaVersion: 1 }];
    if (c.type === 'Add' && s.closed) throw new ProblemException(409, 'TEST.CLOSED', 'closed');
    if (c.type === 'Add') return [{ type: 'Added', data: { n: c.n }, schemaVersion: 1 }];
    return [{ type: c.type === 'Close' ? 'Closed' : 'Reopened', data: {}, schemaVersion: 1 }];
  },
};

const actor: Principal = { userId: 'u-1', agency: 'so-khcn', roles: ['drafter'] };
let store: PostgresEventStore;
let reads = 0;

/** The real store, counting stream reads. */
const counted = (s: EventStore): EventStore =>
  new Proxy(s, {
    get(target, prop, receiver) {
      if (prop === 'readStream') reads++;
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });

const repository = () => new AggregateRepository(counted(store), new SystemClock(), TALLY);
const run = (
  repo: AggregateRepository<Command, Event, State>,
  id: string,
  command: Command,
  expectedRevision: number | 'no-stream',
  idempotencyKey?: string,
) =>
  repo.execute({
    id,
    expectedRevision,
    command,
    actor,
    idempotencyKey,
    requestHash: JSON.stringify(command),
    correlationId: randomUUID(),
  });

beforeAll(async () => {
  store = await createPgEventStore({ url, schema });
});
afterAll(async () => {
  await store?.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await store?.close();
});

describe('the stream states a repository keeps', () => {
  it('decides a command at the revision it saw last without reading the stream', async () => {
    const repo = repository();
    const id = randomUUID();
    await run(repo, id, { type: 'Open' }, 'no-stream');
    reads = 0;
    let revision = 0;
    for (let i = 1; i <= 5; i++) revision = (await run(repo, id, { type: 'Add', n: i }, revision)).revision;
    expect(revision).toBe(5);
    expect(reads).toBe(0);
    expect((await repo.load(id)).state.total).toBe(15);
  });

  it('answers 412 with the actual revision when another process moved the stream, and goes on from it', async () => {
    const [a, b] = [repository(), repository()];
    const id = randomUUID();
    await run(a, id, { type: 'Open' }, 'no-stream');
    await run(a, id, { type: 'Add', n: 1 }, 0); // a keeps revision 1
    await run(b, id, { type: 'Add', n: 2 }, 1); // b moves it to 2
    const stale = await run(a, id, { type: 'Add', n: 3 }, 1).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConcurrencyError);
    expect(stale).toMatchObject({ expected: 1, actual: 2 });
    expect((await run(a, id, { type: 'Add', n: 4 }, 2)).revision).toBe(3);
    expect((await b.load(id)).state.total).toBe(7);
  });

  it('answers a stale If-Match 412 even when the kept state would refuse the command', async () => {
    const [a, b] = [repository(), repository()];
    const id = randomUUID();
    await run(a, id, { type: 'Open' }, 'no-stream');
    await run(a, id, { type: 'Close' }, 0); // a keeps revision 1: closed
    await run(b, id, { type: 'Reopen' }, 1); // b reopens: revision 2
    const stale = await run(a, id, { type: 'Add', n: 1 }, 1).catch((e: unknown) => e);
    expect(stale).toMatchObject({ expected: 1, actual: 2 }); // not the kept state's 409
    expect((await run(a, id, { type: 'Add', n: 1 }, 2)).revision).toBe(3);
  });

  it('answers an Idempotency-Key retry with the first result, in this process or another', async () => {
    const [a, b] = [repository(), repository()];
    const id = randomUUID();
    await run(a, id, { type: 'Open' }, 'no-stream');
    await run(b, id, { type: 'Add', n: 0 }, 0); // b keeps revision 1
    const first = await run(a, id, { type: 'Add', n: 5 }, 1, 'key-12345678'); // a reads 1, appends 2
    const again = await run(a, id, { type: 'Add', n: 5 }, 1, 'key-12345678');
    const elsewhere = await run(b, id, { type: 'Add', n: 5 }, 1, 'key-12345678');
    for (const answer of [again, elsewhere])
      expect(answer).toMatchObject({ revision: first.revision, position: first.position });
    const reused = await run(b, id, { type: 'Add', n: 6 }, 1, 'key-12345678').catch((e: unknown) => e);
    expect(reused).toMatchObject({ code: 'HTTP.IDEMPOTENCY_KEY_REUSED' });
    expect((await store.readStream(`tally-${id}`)).length).toBe(3);
  });
});
