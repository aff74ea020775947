// Deadline notices leaving Draftline: e-mail over a real SMTP server (smtp-server, parsed with
// mailparser) and signed webhooks per agency to a real HTTP receiver that fails the first attempt,
// through the app's own delivery queue on the real Redis and PostgreSQL.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { RecordedEvent } from '#event-store';
import { DEADLINE_WORKERS, type DeadlineWorkers } from '#deadlines/hosting';
import type { DeliveryRow } from '#notifications';
import { postgresStore, type TestStore } from '../support/stores.js';
import { startApi, type Api } from '../support/http.js';
import { users } from '../support/users.js';
import { DocumentWalk } from '../support/walk.js';
import { deleteKeysWithPrefix } from '../support/cleanup.js';

const prefix = `test-e2e-dlv-${randomBytes(5).toString('hex')}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sampleDirectory = fileURLToPath(new URL('../../apps/api/user-directory.sample.json', import.meta.url));

/** Legal text contains '<': the title is stored verbatim and must be escaped in HTML mail. */
const TITLE = 'Quy định <script>alert("x")</script> về phí & lệ phí đề tài “khoa học”';
const ESCAPED_TITLE =
  'Quy định &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; về phí &amp; lệ phí đề tài “khoa học”';

const EMAIL = {
  appraiser: 'thamdinh@sotuphap.example.vn',
  lead: 'lanhdao@sokhcn.example.vn',
  drafter: 'chuyenvien@sokhcn.example.vn',
  otherLead: 'lanhdao@soyte.example.vn',
  office: 'vanphong@ubnd.example.vn',
};
/** One secret per agency; so-y-te has a webhook too and must never be called for so-khcn's draft. */
const SECRETS: Record<string, string> = {
  'so-khcn': `khcn-${randomBytes(16).toString('hex')}`,
  'so-tu-phap': `stp-${randomBytes(16).toString('hex')}`,
  'so-y-te': `syt-${randomBytes(16).toString('hex')}`,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T,
  ms = 15_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`not in time: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Mail {
  readonly rcptTo: string[];
  readonly parsed: ParsedMail;
}

interface Attempt {
  readonly agency: string;
  readonly key: string;
  readonly raw: Buffer;
  readonly signature: string | undefined;
  readonly contentType: string | undefined;
  readonly status: number;
  readonly at: number;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const hmacOf = (secret: string, raw: Buffer) => createHmac('sha256', secret).update(raw).digest();

/** True when `header` is `sha256=<hex>` of the raw body under `secret` (compared in constant time). */
function verifies(header: string | undefined, secret: string, raw: Buffer): boolean {
  const match = /^sha256=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  return timingSafeEqual(Buffer.from(match[1], 'hex'), hmacOf(secret, raw));
}

describe('deadline notices by e-mail (real SMTP) and signed agency webhooks (real HTTP)', () => {
  let store: TestStore;
  let api: Api;
  let smtp: SMTPServer;
  let receiver: Server;
  let dir: string;
  const mails: Mail[] = [];
  const attempts: Attempt[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      hideSTARTTLS: true, // plain SMTP on loopback: no self-signed certificate in the way
      disabledCommands: ['AUTH'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (parsed) => {
            mails.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), parsed });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    // Fails the first attempt at each (agency, notice) with 500, accepts every later one.
    const seen = new Set<string>();
    receiver = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const agency = (req.url ?? '').replace(/^\/hooks\//, '');
        let key = '';
        try {
          key = String((JSON.parse(raw.toString('utf8')) as Json).key);
        } catch {
          /* recorded with an empty key; fails the checks below */
        }
        const first = !seen.has(`${agency}|${key}`);
        seen.add(`${agency}|${key}`);
        const status = first ? 500 : 204;
        const signature = req.headers['x-draftline-signature'];
        attempts.push({
          agency,
          key,
          raw,
          signature: Array.isArray(signature) ? signature.join(',') : signature,
          contentType: req.headers['content-type'],
          status,
          at: Date.now(),
        });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

    const sample = JSON.parse(readFileSync(sampleDirectory, 'utf8')) as { users: Json[] };
    const directory = {
      users: sample.users.map((u) =>
        // The other agency's lead gets an address: it must still never be written to.
        u.id === 'u-other' ? { ...u, email: EMAIL.otherLead } : u,
      ),
      webhooks: Object.entries(SECRETS).map(([agency, secret]) => ({
        agency,
        url: `${hookBase}/${agency}`,
        secret,
      })),
    };
    expect(directory.users.find((u) => u.id === 'u-appraiser')?.email).toBe(EMAIL.appraiser);
    expect(directory.users.find((u) => u.id === 'u-lead')?.email).toBe(EMAIL.lead);
    dir = mkdtempSync(join(tmpdir(), 'draftline-deliveries-'));
    const directoryFile = join(dir, 'users.json');
    writeFileSync(directoryFile, JSON.stringify(directory));

    store = await postgresStore();
    api = await startApi(store.store, {
      RUN_DEADLINES: 'true',
      DEADLINE_RULES: 'test',
      // The simplified appraisal clock: due 3 s after sending, its reminder 1.5 s before.
      DEADLINE_TEST_SCALE: '0.3',
      QUEUE_PREFIX: prefix,
      REDIS_URL,
      USER_DIRECTORY_FILE: directoryFile,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    });
  });

  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
    await new Promise((resolve) => (smtp ? smtp.close(() => resolve(undefined)) : resolve(undefined)));
    await new Promise((resolve) =>
      receiver ? receiver.close(() => resolve(undefined)) : resolve(undefined),
    );
    if (dir) rmSync(dir, { recursive: true, force: true });
    await deleteKeysWithPrefix(prefix);
  });

  /** Every event of the store, in global order (the test's store is its own). */
  const allEvents = async () => {
    const events: RecordedEvent[] = [];
    for (;;) {
      const page = await store.store.readAll({ after: events.at(-1)?.position, limit: 1000 });
      if (page.length === 0) return events;
      events.push(...page);
    }
  };

  const realTime = () => api.clock.advanceDays((Date.now() - api.clock.now().getTime()) / 86_400_000);

  it('mails the right people once, escaped, in Vietnamese; posts signed webhooks, retried with backoff, once', async () => {
    realTime();
    const doc = new DocumentWalk(api);
    const assigned = await doc.assign(users.office, {
      kind: 'committee_decision',
      title: TITLE,
      agency: 'so-khcn',
      procedure: 'simplified',
      origin: 'additional',
      year: 2026,
    });
    expect(assigned.status).toBe(201);
    await doc.expect('start-drafting', users.drafter, 'drafting');
    realTime();
    await doc.expect('send-for-appraisal', users.lead, 'in_appraisal');
    // Regime 2025: the appraisal clock counts from the dossier accepted complete.
    await doc.expect('accept-dossier', users.appraiser, 'in_appraisal');

    const clockId = `${doc.id}.appraisal_report.1`;
    const reminderKey = `${clockId}.reminder.1`;
    const escalationKey = `${clockId}.escalation`;
    const agencies = ['so-khcn', 'so-tu-phap']; // the drafting agency and the appraiser's
    const ok = (agency: string, key: string) =>
      attempts.filter((a) => a.agency === agency && a.key === key && a.status < 300);

    // The reminder (appraiser), the escalation (appraiser and lead), and every webhook's retry.
    await until('three e-mails', () => mails.length >= 3);
    await until('a successful webhook per agency and notice', () =>
      agencies.every((agency) => [reminderKey, escalationKey].every((key) => ok(agency, key).length > 0)),
    );
    // Then quiet: nothing left in the delivery or deadline queues that could still send.
    const runtime = api.app.get<DeadlineWorkers>(DEADLINE_WORKERS);
    await until('delivery and deadline queues drained', async () => {
      const counts = await Promise.all(
        [runtime.deliveries.queue, runtime.queue.queue].map((q) =>
          q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children'),
        ),
      );
      return counts.every((c) => Object.values(c).every((n) => n === 0));
    });

    // ---- e-mail: the right people, once each, nobody of another agency.
    const to = (address: string) => mails.filter((m) => m.rcptTo.includes(address));
    expect(mails.flatMap((m) => m.rcptTo).sort()).toEqual(
      [EMAIL.appraiser, EMAIL.appraiser, EMAIL.lead].sort(),
    );
    expect(to(EMAIL.otherLead)).toEqual([]);
    expect(to(EMAIL.drafter)).toEqual([]);

    const reminders = to(EMAIL.appraiser).filter(
      (m) => m.parsed.subject === '[Draftline] Nhắc hạn xử lý dự thảo',
    );
    expect(reminders).toHaveLength(1);
    const [reminder] = reminders;
    const html = typeof reminder.parsed.html === 'string' ? reminder.parsed.html : '';
    const text = reminder.parsed.text ?? '';
    expect(reminder.parsed.to && 'text' in reminder.parsed.to ? reminder.parsed.to.text : '').toContain(
      EMAIL.appraiser,
    );
    // Vietnamese, with the title verbatim in the text part.
    expect(text).toContain('Kính gửi Lê Văn Thẩm Định,');
    expect(text).toContain(`Nhắc hạn: Báo cáo thẩm định của dự thảo "${TITLE}" đến hạn lúc`);
    expect(text).toContain('vui lòng không trả lời');
    // HTML: the title escaped, no live markup from it.
    expect(html).toContain(
      `Nhắc hạn: Báo cáo thẩm định của dự thảo &quot;${ESCAPED_TITLE}&quot; đến hạn lúc`,
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('alert("x")');

    const escalations = mails.filter((m) => m.parsed.subject === '[Draftline] Dự thảo quá hạn xử lý');
    expect(escalations.flatMap((m) => m.rcptTo).sort()).toEqual([EMAIL.appraiser, EMAIL.lead].sort());
    for (const m of escalations) {
      expect(m.parsed.text).toContain(`Quá hạn: Báo cáo thẩm định của dự thảo "${TITLE}" đã quá hạn`);
      expect(m.parsed.html).not.toMatch(/<script/i);
    }

    // ---- webhooks: only the agencies concerned, signed with their own secret over the raw body.
    expect([...new Set(attempts.map((a) => a.agency))].sort()).toEqual(agencies);
    for (const a of attempts) {
      expect(a.contentType).toMatch(/^application\/json/);
      expect(verifies(a.signature, SECRETS[a.agency], a.raw)).toBe(true);
      for (const [other, secret] of Object.entries(SECRETS)) {
        if (other !== a.agency) expect(verifies(a.signature, secret, a.raw)).toBe(false);
      }
      const body = JSON.parse(a.raw.toString('utf8')) as Json;
      expect(body).toEqual({
        type: a.key === reminderKey ? 'deadline.reminder' : 'deadline.missed',
        key: a.key,
        documentId: doc.id,
        clockId,
        clock: 'appraisal_report',
        dueAt: expect.any(String),
      });
      // Ids and times only: no title, names or addresses leave by webhook.
      expect(a.raw.toString('utf8')).not.toMatch(/script|Thẩm Định|example\.vn/);
    }
    // A tampered body no longer verifies.
    const sample = attempts[0];
    const tampered = Buffer.from(sample.raw.toString('utf8').replace('appraisal_report', 'appraisal_reporT'));
    expect(verifies(sample.signature, SECRETS[sample.agency], tampered)).toBe(false);

    // First attempt 500, then one retry after the backoff that succeeds: one success per notice.
    for (const agency of agencies) {
      for (const key of [reminderKey, escalationKey]) {
        const tries = attempts.filter((a) => a.agency === agency && a.key === key);
        expect(tries.map((a) => a.status)).toEqual([500, 204]);
        // BullMQ's exponential backoff: the retry waits at least the 2 s base delay.
        expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(1900);
        expect(ok(agency, key)).toHaveLength(1);
      }
    }

    // The reminder itself was recorded once (in whichever stream the processor keeps it).
    const types = (await allEvents())
      .filter((e) => (e.data as Json).documentId === doc.id)
      .map((e) => e.type);
    expect(types.filter((t) => t === 'DeadlineReminderSent')).toHaveLength(1);
    expect(types.filter((t) => t === 'DeadlineMissed')).toHaveLength(1);

    // PostgreSQL records every delivery as sent, with its attempts (each webhook took two).
    const records = runtime.deliveries.records;
    const rows = [...(await records.ofKey(reminderKey)), ...(await records.ofKey(escalationKey))];
    const line = (r: DeliveryRow) =>
      `${r.key === reminderKey ? 'reminder' : 'escalation'} ${r.channel} ${r.recipient} ${r.status} ${r.attempts}`;
    expect(rows.map(line).sort()).toEqual(
      [
        'reminder email u-appraiser sent 1',
        'reminder webhook so-khcn sent 2',
        'reminder webhook so-tu-phap sent 2',
        'escalation email u-appraiser sent 1',
        'escalation email u-lead sent 1',
        'escalation webhook so-khcn sent 2',
        'escalation webhook so-tu-phap sent 2',
      ].sort(),
    );
  });
});
