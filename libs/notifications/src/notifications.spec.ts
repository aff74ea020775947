import { createHmac } from 'node:crypto';
import type { DirectoryUser } from './directory.js';
import { escapeHtml, renderEmail } from './email.js';
import { decodeInboxCursor, encodeInboxCursor, type NotificationRow } from './inbox.js';
import { noticeMessage } from './notice.text.js';
import { recipientsOf } from './recipients.js';
import { signBody } from './webhook.js';

const user = (id: string, agency: string, ...roles: DirectoryUser['roles']): DirectoryUser => ({
  id,
  displayName: id,
  agency,
  roles,
});
const directory = [
  user('lead-khcn', 'so-khcn', 'drafting_lead'),
  user('lead-yte', 'so-y-te', 'drafting_lead'),
  user('drafter-khcn', 'so-khcn', 'drafter'),
  user('appraiser', 'so-tu-phap', 'appraiser'),
  user('inspector', 'so-noi-vu', 'inspector'),
  user('office', 'vp-ubnd', 'committee_office'),
];

describe('who is told', () => {
  it('tells the drafting agency its own leads, never another agency’s', () => {
    expect(recipientsOf('so-khcn', ['drafting_lead'], directory).map((u) => u.id)).toEqual(['lead-khcn']);
  });
  it('tells appraisers, offices and inspectors whatever agency drafts', () => {
    const ids = recipientsOf('so-khcn', ['appraiser', 'drafting_lead', 'inspector'], directory).map(
      (u) => u.id,
    );
    expect(ids).toEqual(['appraiser', 'inspector', 'lead-khcn']);
  });
  it('tells nobody when nobody holds the role', () => {
    expect(recipientsOf('so-khcn', ['council_office'], directory)).toEqual([]);
  });
});

describe('webhook signature', () => {
  it('is sha256=<hex HMAC> of the raw body under the agency secret', () => {
    const body = '{"type":"deadline.reminder","title":"Quy định"}';
    const expected = createHmac('sha256', 'secret-of-so-khcn').update(body).digest('hex');
    expect(signBody('secret-of-so-khcn', body)).toBe(`sha256=${expected}`);
    expect(signBody('another-secret-xx', body)).not.toBe(`sha256=${expected}`);
  });
});

describe('reminder e-mail', () => {
  const title = 'Quy định <script>alert("x")</script> & “phí”';
  const row: NotificationRow = {
    id: '1',
    key: 'k',
    userId: 'appraiser',
    kind: 'reminder',
    documentId: 'd',
    clockId: 'c',
    clock: 'appraisal_report',
    dueAt: '2019-02-18T17:00:00.000Z',
    message: noticeMessage('reminder', 'appraisal_report', '2019-02-18T17:00:00.000Z', title),
    createdAt: '2019-02-14T01:00:00.000Z',
    readAt: null,
  };

  it('says what is due and when, in Vietnamese and Viet Nam time', () => {
    expect(row.message).toBe(
      `Nhắc hạn: Báo cáo thẩm định của dự thảo "${title}" đến hạn lúc 00:00 ngày 19/02/2019.`,
    );
  });

  it('escapes the title in HTML and keeps it verbatim in text', () => {
    const mail = renderEmail(row, { email: 'a@example.vn', displayName: 'Lê <Văn> A' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; “phí”');
    expect(mail.html).toContain('Kính gửi Lê &lt;Văn&gt; A,');
    expect(mail.text).toContain(title);
    expect(mail.subject).toBe('[Draftline] Nhắc hạn xử lý dự thảo');
  });

  it('escapes every HTML-special character', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('inbox cursor', () => {
  it('gives back the exact instant (microseconds) and id it was made from', () => {
    const cursor = { at: '2026-02-01T00:00:00.123456Z', id: '120' };
    expect(decodeInboxCursor(encodeInboxCursor(cursor))).toEqual(cursor);
  });
  it('refuses text it did not make', () => {
    const forge = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const text of [
      'not-a-cursor',
      '',
      forge({ at: '2026-02-01T00:00:00.123Z', id: '1' }),
      forge({ at: '2026-13-01T00:00:00.000000Z', id: '1' }),
      forge({ at: '2026-02-01T00:00:00.000000Z', id: '0' }),
      forge({ at: '2026-02-01T00:00:00.000000Z', id: '1', extra: true }),
      forge(['2026-02-01T00:00:00.000000Z', '1']),
    ])
      expect(decodeInboxCursor(text)).toBeUndefined();
  });
});
