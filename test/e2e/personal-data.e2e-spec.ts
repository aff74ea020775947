import { postgresStore, type TestStore } from '../support/stores.js';
import { startApi, type Api } from '../support/http.js';
import { users } from '../support/users.js';
import { DocumentWalk } from '../support/walk.js';

// Issue 12 item 8: events carry ids, not names; an admin corrects or erases a person in the
// user directory, and history still reads, with the id and "a former officer".

const decision = {
  kind: 'committee_decision',
  title: 'Quy chế bảo vệ dữ liệu cá nhân',
  agency: 'so-khcn',
  procedure: 'standard',
  origin: 'additional',
  year: 2019,
};
const NAME = 'Trần Thị Soạn';
const EMAIL = 'soan.tran@example.vn';
type Entry = { type: string; actor: { userId: string; name: unknown; erased: boolean } };

describe('personal data: correcting and erasing a person (PostgreSQL)', () => {
  let store: TestStore;
  let api: Api;
  const admin = (method: string, path: string, body?: unknown) =>
    api.request(method, `/admin/users/${path}`, { user: users.admin, body });

  beforeAll(async () => {
    store = await postgresStore();
    api = await startApi(store.store);
    const person = { displayName: NAME, email: EMAIL, agency: 'so-khcn', roles: ['drafter'] };
    expect((await admin('PUT', 'u-drafter', person)).status).toBe(200);
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  it('corrects, then erases a person; the history still reads with ids and the placeholder', async () => {
    const doc = new DocumentWalk(api);
    await doc.assign(users.office, decision);
    await doc.expect('start-drafting', users.drafter, 'drafting');
    await doc.expect('record-revision', users.drafter, 'revising', { summary: 'Bản 1' });
    const history = async () => {
      const reply = await api.request('GET', `/documents/${doc.id}/history?consistentWith=${doc.position}`, {
        user: users.lead,
      });
      expect(reply.status).toBe(200);
      return reply.body as { events: Entry[] };
    };
    const drafterEntries = (h: { events: Entry[] }) => h.events.filter((e) => e.actor.userId === 'u-drafter');

    const before = await history();
    expect(drafterEntries(before).map((e) => e.actor)).toEqual([
      {
        userId: 'u-drafter',
        role: 'drafter',
        agency: 'so-khcn',
        name: { vi: NAME, en: NAME },
        erased: false,
      },
      {
        userId: 'u-drafter',
        role: 'drafter',
        agency: 'so-khcn',
        name: { vi: NAME, en: NAME },
        erased: false,
      },
    ]);
    // The office is not in the directory: an id without a name.
    expect(before.events[0].actor).toMatchObject({ userId: 'u-office', name: null, erased: false });

    // Correct: the name and the address, and the history shows the corrected name.
    const corrected = await admin('PATCH', 'u-drafter', { displayName: 'Trần Thị Soạn Thảo', email: null });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ displayName: 'Trần Thị Soạn Thảo', email: null, disabled: false });
    expect(drafterEntries(await history())[0].actor.name).toEqual({
      vi: 'Trần Thị Soạn Thảo',
      en: 'Trần Thị Soạn Thảo',
    });
    expect((await admin('PATCH', 'u-drafter', { email: EMAIL })).body.email).toBe(EMAIL);
    expect((await admin('PATCH', 'u-drafter', {})).status).toBe(400);
    expect((await admin('PATCH', 'u-drafter', { agency: 'so-y-te' })).status).toBe(400);
    expect((await admin('PATCH', 'u-nobody', { displayName: 'X' })).status).toBe(404);

    // Erase: the id, agency and roles stay; the name and address are gone; the person is disabled.
    const erased = await admin('POST', 'u-drafter/erase');
    expect(erased.status).toBe(200);
    const entry = {
      id: 'u-drafter',
      displayName: null,
      email: null,
      agency: 'so-khcn',
      roles: ['drafter'],
      disabled: true,
      erasedAt: '2019-01-07T02:00:00.000Z',
    };
    expect(erased.body).toEqual(entry);
    const read = await admin('GET', 'u-drafter');
    expect(read.body).toEqual(entry);
    expect(JSON.stringify(read.body)).not.toMatch(/Trần|soan/);

    const after = await history();
    expect(after.events.map((e) => e.type)).toEqual(before.events.map((e) => e.type));
    expect(drafterEntries(after).map((e) => e.actor)).toEqual([
      {
        userId: 'u-drafter',
        role: 'drafter',
        agency: 'so-khcn',
        name: { vi: 'Cán bộ đã nghỉ', en: 'A former officer' },
        erased: true,
      },
      {
        userId: 'u-drafter',
        role: 'drafter',
        agency: 'so-khcn',
        name: { vi: 'Cán bộ đã nghỉ', en: 'A former officer' },
        erased: true,
      },
    ]);
    expect(JSON.stringify(after)).not.toMatch(/Trần|soan/);
    // The events never held the name: the store has nothing to erase.
    const stored = (await store.store.readStream(`draft-${doc.id}`)).map(({ data, metadata }) => ({
      data,
      metadata,
    }));
    expect(JSON.stringify(stored)).not.toMatch(/Trần|soan/);

    // An erasure is final: no PUT or PATCH brings the name back; erasing again answers the same.
    const again = { displayName: NAME, agency: 'so-khcn', roles: ['drafter'] };
    expect((await admin('PUT', 'u-drafter', again)).body.code).toBe('USERS.ERASED');
    expect((await admin('PATCH', 'u-drafter', { displayName: NAME })).status).toBe(409);
    expect((await admin('POST', 'u-drafter/erase')).body).toEqual(entry);
    expect((await admin('POST', 'u-nobody/erase')).status).toBe(404);
    expect(JSON.stringify((await admin('GET', 'u-drafter')).body)).not.toMatch(/Trần|soan/);
  });

  it('refuses an erased person where the directory decides who signs in', async () => {
    const directed = await startApi(store.store, { AUTH_USER_DIRECTORY: 'true' });
    try {
      const person = { displayName: 'Lê Văn Lãnh Đạo', agency: 'so-khcn', roles: ['drafting_lead'] };
      const put = await directed.request('PUT', '/admin/users/u-lead', { user: users.admin, body: person });
      // users.admin is not in this directory: seed it as an earlier admin would have.
      expect(put.status).toBe(401);
      await api.request('PUT', '/admin/users/u-admin', {
        user: users.admin,
        body: { displayName: 'Quản trị', agency: 'so-noi-vu', roles: ['admin'] },
      });
      await api.request('PUT', '/admin/users/u-lead', { user: users.admin, body: person });
      expect((await directed.request('GET', '/documents', { user: users.lead })).status).toBe(200);
      expect(
        (await directed.request('POST', '/admin/users/u-lead/erase', { user: users.admin })).status,
      ).toBe(200);
      expect((await directed.request('GET', '/documents', { user: users.lead })).status).toBe(401);
    } finally {
      await directed.close();
    }
  });
});
