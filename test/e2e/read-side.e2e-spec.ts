import type { PostgresEventStore } from '#event-store';
import { buildListQuery } from '../../apps/api/src/read-side/list-documents.sql.js';
import { postgresStore, type TestStore } from '../support/stores.js';
import { startApi, type Api, type User } from '../support/http.js';
import { users } from '../support/users.js';
import { DocumentWalk } from '../support/walk.js';

const decision = (title: string, agency = 'so-khcn') => ({
  kind: 'committee_decision',
  title,
  agency,
  procedure: 'standard',
  origin: 'programme',
  year: 2019,
  plannedMonth: '2019-06',
});

describe('read side over HTTP on PostgreSQL', () => {
  let store: TestStore;
  let api: Api;
  const walks: DocumentWalk[] = [];
  let lastPosition = '';

  const list = (user: User, query = '') => api.request('GET', `/documents?${query}`, { user });

  beforeAll(async () => {
    store = await postgresStore();
    // consistentWith waits for the read side, which never passes a transaction still open on the
    // server: on the shared test server another file's may hold it back for seconds (300 ms here
    // answered 504 in a CI run). A position that can never be reached is 400 at once anyway.
    api = await startApi(store.store, { READ_CONSISTENCY_TIMEOUT_MS: '20000' });
    const titles = [
      'Quyết định quy định quản lý nhiệm vụ khoa học',
      'Quy chế phối hợp chuyển giao công nghệ',
      'Quyết định ban hành đơn giá dịch vụ đo lường',
      'Quy định về sở hữu trí tuệ',
      'Kế hoạch đổi mới sáng tạo',
    ];
    for (const title of titles) {
      const walk = new DocumentWalk(api);
      const reply = await walk.assign(users.office, decision(title));
      lastPosition = reply.body.position;
      walks.push(walk);
    }
    const other = new DocumentWalk(api);
    lastPosition = (await other.assign(users.office, decision('Quyết định về y tế cơ sở', 'so-y-te'))).body
      .position;
    walks.push(other);
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  it('shows a drafter the own agency only, also when the filter names another', async () => {
    const mine = await list(users.drafter, `consistentWith=${lastPosition}`);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(5);
    expect(mine.body.items.every((d: { agency: string }) => d.agency === 'so-khcn')).toBe(true);
    const theirs = await list(users.drafter, 'agency=so-y-te');
    expect(theirs.body.items).toEqual([]);
  });

  it('shows an inspector every agency', async () => {
    const all = await list(users.inspector, `consistentWith=${lastPosition}`);
    expect(all.body.items.map((d: { agency: string }) => d.agency).sort()).toEqual([
      ...Array(5).fill('so-khcn'),
      'so-y-te',
    ]);
    expect((await list(users.inspector, 'agency=so-y-te')).body.items).toHaveLength(1);
  });

  it('finds titles with or without diacritics, in NFC or NFD', async () => {
    const plain = await list(users.inspector, `q=${encodeURIComponent('quyet dinh')}`);
    const accented = await list(users.inspector, `q=${encodeURIComponent('Quyết định')}`);
    const nfd = await list(users.inspector, `q=${encodeURIComponent('QUYẾT ĐỊNH'.normalize('NFD'))}`);
    expect(plain.body.items).toHaveLength(3);
    expect(accented.body.items).toEqual(plain.body.items);
    expect(nfd.body.items).toEqual(plain.body.items);
  });

  it('pages with an opaque cursor, without gaps or repeats', async () => {
    for (const sort of ['title', '-updatedAt', 'plannedMonth']) {
      const whole = await list(users.inspector, `sort=${sort}&limit=200`);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
          await list(users.inspector, `sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((d) => d.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(whole.body.items.map((d: { id: string }) => d.id));
      expect(seen).toHaveLength(6);
    }
  });

  // Issue 8 item 13: ORDER BY updated_at named the select list's text alias (milliseconds), not the
  // column, while the cursor compared microseconds: rows of one millisecond came in id order, and
  // paging skipped or repeated them.
  it('sorts -updatedAt by the timestamp itself, paging through rows of one millisecond', async () => {
    await list(users.inspector, `consistentWith=${lastPosition}`);
    const sql = (store.store as PostgresEventStore).sql;
    const ids = walks.map((w) => w.id).sort();
    // Later in time as the id gets smaller, all within one millisecond but one.
    await sql.query(
      `UPDATE document_status SET updated_at = '2019-05-01T03:00:00.000Z'::timestamptz
         + (array_position($1::uuid[], id) * interval '-100 microseconds')
         + CASE WHEN id = $2::uuid THEN interval '1 day' ELSE interval '0' END`,
      [ids, ids[ids.length - 1]],
    );
    const rows = await sql.query<{ id: string }>(
      `SELECT id::text AS id FROM document_status ORDER BY updated_at DESC, id DESC`,
    );
    const expected = rows.map((r) => r.id);
    expect(expected).toEqual([ids[5], ids[0], ids[1], ids[2], ids[3], ids[4]]);
    const whole = await list(users.inspector, 'limit=200');
    expect(whole.body.items.map((d: { id: string }) => d.id)).toEqual(expected);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await list(
        users.inspector,
        `sort=-updatedAt&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((d) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 20);
    expect(seen).toEqual(expected);
  });

  it('reads the default list from the updated_at indexes, without sorting', async () => {
    const sql = (store.store as PostgresEventStore).sql;
    const cursor = { sort: '-updatedAt' as const, key: '2019-05-01T03:00:00.000000Z', id: walks[0].id };
    for (const actor of [users.inspector, users.drafter])
      for (const withCursor of [false, true]) {
        const principal = { userId: actor.sub, agency: actor.agency, roles: actor.roles as never };
        const filters = { sort: '-updatedAt' as const, limit: 50, cursor: withCursor ? cursor : undefined };
        const { text, params } = buildListQuery(filters, principal, '2019-07');
        // With sorting and sequential scans priced out, only an order the index gives has no Sort.
        const plan = await sql.transaction(async (tx) => {
          await tx.query('SET LOCAL enable_sort = off');
          await tx.query('SET LOCAL enable_seqscan = off');
          const [row] = await tx.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${text}`, params);
          return JSON.stringify(row['QUERY PLAN']);
        });
        const sorted = /"Node Type":"(Incremental )?Sort"/.test(plan);
        expect({ who: actor.sub, withCursor, sorted }).toEqual({ who: actor.sub, withCursor, sorted: false });
        expect(plan).toMatch(
          actor === users.drafter ? /document_status_agency_updated/ : /document_status_updated/,
        );
      }
  });

  it('refuses unknown parameters, oversized limits, unknown sorts and foreign cursors', async () => {
    expect((await list(users.inspector, 'colour=red')).status).toBe(400);
    expect((await list(users.inspector, 'limit=1000')).status).toBe(400);
    expect((await list(users.inspector, 'sort=password')).status).toBe(400);
    const page = await list(users.inspector, 'sort=title&limit=1');
    expect((await list(users.inspector, `sort=-title&cursor=${page.body.nextCursor}`)).status).toBe(400);
  });

  it('reads its own write with consistentWith: a command, then at once the list, the document and the history', async () => {
    const walk = walks[0];
    const reply = await walk.expect('start-drafting', users.drafter, 'drafting');
    const position = reply.body.position;
    const listed = await list(users.drafter, `stage=drafting&consistentWith=${position}`);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([walk.id]);
    expect(listed.body.items[0]).toMatchObject({ revision: 1, position, stageLabel: { en: 'Drafting' } });
    const doc = await api.request('GET', `/documents/${walk.id}?consistentWith=${position}`, {
      user: users.drafter,
    });
    expect(doc.body).toMatchObject({ stage: 'drafting', revision: 1, position });
    const history = await api.request('GET', `/documents/${walk.id}/history?consistentWith=${position}`, {
      user: users.drafter,
    });
    expect(history.status).toBe(200);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'DraftAssigned',
      'DraftingStarted',
    ]);
    expect(history.body.events[1]).toMatchObject({
      revision: 1,
      position,
      actor: { userId: users.drafter.sub, role: 'drafter', agency: 'so-khcn' },
    });
  });

  it('answers 404 for another agency’s history', async () => {
    const other = await api.request('GET', `/documents/${walks[0].id}/history`, { user: users.otherDrafter });
    expect(other.status).toBe(404);
    const missing = await api.request('GET', '/documents/00000000-0000-4000-8000-000000000000/history', {
      user: users.inspector,
    });
    expect(missing.status).toBe(404);
    expect(other.body.code).toBe(missing.body.code);
  });

  // A reachable position not reached in time answers 504 (test/e2e/consistency.e2e-spec.ts).
  it('answers 400 at once for a position beyond the store head (no wait can reach it)', async () => {
    const [commit] = lastPosition.split('-');
    const far = `${BigInt(commit) + 1_000_000n}-0`;
    for (const path of ['/documents', `/documents/${walks[0].id}`, `/documents/${walks[0].id}/history`]) {
      const reply = await api.request('GET', `${path}?consistentWith=${far}`, { user: users.inspector });
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('READ.POSITION_BEYOND_HEAD');
    }
  });

  it('reports readiness with each projection’s lag and parked events', async () => {
    const reply = await api.request('GET', '/health/ready');
    expect(reply.status).toBe(200);
    const names = reply.body.readModels.projections.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['document_status', 'document_history']));
    expect(reply.body.readModels.projections[0]).toMatchObject({ parked: 0, activeHere: true });
  });

  it('describes the read routes in OpenAPI', async () => {
    const { body } = await api.request('GET', '/docs-json');
    expect(body.paths['/documents'].get.operationId).toBe('ListDocuments');
    expect(body.paths['/documents'].post.operationId).toBe('AssignDraft');
    expect(body.paths['/documents/{id}/history'].get.responses['504']).toBeDefined();
    const names = body.paths['/documents/{id}'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toContain('consistentWith');
  });
});
