// The README's "Run it" walk-through as a newcomer types it, on the embedded default: the built
// api on a fresh data directory and a port of its own, the demo loaded as the README says, tokens
// from the token CLI, and every curl line of README.md itself (parsed, not copied), so a changed
// or broken example is what fails. A `# → {…}` line under a curl is the answer it promises
// ("…" stands for any value).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deleteKeysWithPrefix } from '../support/cleanup.js';
import {
  API_MAIN,
  freePort,
  Processes,
  until,
  waitForApi,
  type NodeProcess,
} from '../reliability/support/processes.js';

const run = promisify(execFile);
// Taken as the file starts: a fixed port in the ephemeral range may be held by any connection.
const PORT = await freePort();
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

interface Command {
  readonly words: string[];
  /** Its text, to read again once the variables it names are set. */
  readonly source: string;
  /** The `# → …` line that follows it, if any. */
  expect?: string;
}

/** The ```bash blocks of one README section, in order. */
function bashBlocks(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}" section`);
  const rest = markdown.slice(start + heading.length + 2);
  // The next heading of level 2 or 3; a `# ` line inside a block is a shell comment.
  const section = rest.slice(0, rest.search(/\n##+ /) >>> 0);
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/**
 * Splits shell text into commands of words: single and double quotes (spanning lines), `\`
 * line continuations, `$NAME` in double quotes and bare words, `$(…)` kept whole for the caller,
 * `#` comments. Enough for the README's lines, and it refuses what it does not know.
 */
function shellCommands(text: string, vars: Record<string, string> = {}): Command[] {
  const commands: Command[] = [];
  let words: string[] = [];
  let word: string | undefined;
  let from = 0;
  const push = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const expand = (s: string) => s.replace(/\$([A-Z_][A-Z0-9_]*)/g, (_, n: string) => vars[n] ?? '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '\n') i++;
    else if (c === ' ' || c === '\t') push();
    else if (c === '\n') {
      push();
      if (words.length > 0) commands.push({ words, source: text.slice(from, i) });
      words = [];
      from = i + 1;
    } else if (c === '#' && word === undefined) {
      const end = text.indexOf('\n', i);
      const comment = text.slice(i + 1, end < 0 ? undefined : end).trim();
      const last = commands[commands.length - 1];
      if (words.length === 0 && comment.startsWith('→') && last) last.expect = comment.slice(1).trim();
      i = (end < 0 ? text.length : end) - 1;
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unclosed ${c} in: ${text.slice(i, i + 60)}`);
      const inner = text.slice(i + 1, end);
      word = (word ?? '') + (c === '"' ? expand(inner) : inner);
      i = end;
    } else if (c === '$' && text[i + 1] === '(') {
      const end = text.indexOf(')', i);
      word = (word ?? '') + text.slice(i, end + 1);
      i = end;
    } else if (c === '$') {
      const name = /^[A-Z_][A-Z0-9_]*/.exec(text.slice(i + 1))?.[0] ?? '';
      word = (word ?? '') + (vars[name] ?? '');
      i += name.length;
    } else word = (word ?? '') + c;
  }
  push();
  if (words.length > 0) commands.push({ words, source: text.slice(from) });
  return commands;
}

interface Request {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** A curl command line as curl reads it (the flags the README uses; anything else is refused). */
function curlRequest(words: readonly string[], baseUrl: string): Request {
  const headers: Record<string, string> = {};
  let method: string | undefined;
  let body: string | undefined;
  let url: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === '-s') continue;
    else if (w === '-X') method = words[++i];
    else if (w === '-H') {
      const h = words[++i];
      headers[h.slice(0, h.indexOf(':')).trim().toLowerCase()] = h.slice(h.indexOf(':') + 1).trim();
    } else if (w === '-d') body = words[++i];
    else if (w.startsWith('-')) throw new Error(`curl flag ${w} is not understood by this test`);
    else url = w;
  }
  if (url === undefined) throw new Error(`no URL in: ${words.join(' ')}`);
  // curl's defaults: -d means POST with a form content type.
  if (body !== undefined) headers['content-type'] ??= 'application/x-www-form-urlencoded';
  const path = url.replace(/^(https?:\/\/)?(localhost|127\.0\.0\.1):3000/, '');
  return { method: method ?? (body === undefined ? 'GET' : 'POST'), url: `${baseUrl}${path}`, headers, body };
}

/** `{"a":"…","b":1}` against an answer: the keys it names, "…" matching any present value. */
const promised = (expected: string) =>
  Object.fromEntries(
    Object.entries(JSON.parse(expected) as Record<string, unknown>).map(([k, v]) => [
      k,
      v === '…' ? expect.anything() : v,
    ]),
  );

const vietnamMonth = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 7);

describe('the README walk-through on the embedded default', () => {
  const dir = mkdtempSync(join(tmpdir(), 'draftline-readme-'));
  const prefix = `test-readme-${process.pid}`;
  const env = {
    DATA_DIR: dir,
    EVENT_STORE_URL: `pglite://${join(dir, 'events')}`,
    PORT: String(PORT),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    NO_COLOR: '1',
  };
  const baseUrl = `http://127.0.0.1:${PORT}`;
  const procs = new Processes();
  let api: NodeProcess | undefined;

  afterAll(async () => {
    await procs.killAll();
    rmSync(dir, { recursive: true, force: true });
    await deleteKeysWithPrefix(prefix);
  });

  const start = async () => {
    if (api?.running) return;
    api = procs.start('api', API_MAIN, env);
    await waitForApi(api, baseUrl, 60_000);
  };
  const stop = async () => {
    if (!api?.running) return;
    api.child.kill('SIGTERM');
    await api.exited;
  };
  const node = async (script: string, args: string[]) =>
    (await run(process.execPath, [script, ...args], { env: { ...process.env, ...env }, timeout: 180_000 }))
      .stdout;

  /**
   * A person reads an answer before typing the next line; by then the deadline worker has seen a
   * planned month already past and recorded DeadlineMissed. Wait for that (bounded), as those
   * seconds would: issue 8 item 6 was that it moved the document's revision, so the README's next
   * line, `start-drafting` with If-Match: 0, got 412.
   */
  const overdueRecorded = async (id: string, assign: Request) => {
    const { plannedMonth } = JSON.parse(assign.body!) as { plannedMonth?: string };
    if (plannedMonth === undefined || plannedMonth >= vietnamMonth()) return;
    const history = `${baseUrl}/documents/${id}/history`;
    await until(
      `DeadlineMissed in the history of ${id}`,
      async () => {
        const reply = await fetch(history, { headers: { authorization: assign.headers.authorization } });
        const { events } = (await reply.json()) as { events?: { type: string }[] };
        return events?.some((e) => e.type === 'DeadlineMissed');
      },
      30_000,
    );
  };

  it('answers every curl line of "Run it" as the README says', async () => {
    const vars: Record<string, string> = {};
    const answers: { line: string; status: number; body: unknown }[] = [];
    let documentId: string | undefined;
    for (const block of bashBlocks(README, '## Run it')) {
      for (const { source, expect: answer } of shellCommands(block)) {
        const command = { ...shellCommands(source, vars)[0], expect: answer };
        const program = command.words[0];
        const line = command.words.join(' ');
        const shown = source.trim(); // as the README has it: `$DRAFTER`, not the token
        const assignment = /^([A-Z_]+)=\$\(npm run -s token -- (.*)\)$/.exec(line);
        if (assignment) {
          const argv = shellCommands(assignment[2])[0].words;
          vars[assignment[1]] = (await node('dist/apps/api/src/cli/token.js', argv)).trim();
        } else if (line === 'npm ci')
          continue; // Jest's setup (or the runner) has built dist/
        else if (line === 'npm start') await start();
        else if (line === 'npm run demo') {
          await stop(); // "stop the API, load the 2019 inspection scenario …, then start again"
          expect(await node('dist/apps/api/src/cli/demo.js', [])).toMatch(/Recorded \d+ new events/);
        } else if (program === 'curl') {
          await start();
          const words = command.words.map((w) => (documentId ? w.replaceAll('<id>', documentId) : w));
          const request = curlRequest(words, baseUrl);
          const reply = await fetch(request.url, request);
          const text = await reply.text();
          const body: unknown = text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text;
          answers.push({ line: `${request.method} ${request.url}`, status: reply.status, body });
          // Each answer in the log next to its command line, so a failure says which one.
          expect({ line: shown, status: reply.status, body }).toEqual({
            line: shown,
            status: reply.status === 201 ? 201 : 200,
            body: command.expect ? expect.objectContaining(promised(command.expect)) : expect.anything(),
          });
          const id = (body as { documentId?: string }).documentId;
          if (id) documentId = id;
          if (id && request.body) await overdueRecorded(id, request);
        } else throw new Error(`the README runs "${line}", which this test does not know: teach it`);
      }
    }
    // The walk-through's own promises: the report and list of the demo year, the new draft in
    // drafting after `start-drafting` with If-Match 0, and the commands its drafter may run.
    const [report, list, assigned, started, shown] = answers as { body: Record<string, unknown> }[];
    expect(answers).toHaveLength(5);
    expect(report.body).toMatchObject({ agency: 'so-khcn', year: 2019 });
    expect((list.body.items as unknown[]).length).toBeGreaterThan(0);
    expect(assigned.body).toMatchObject({ stage: 'planned', revision: 0 });
    expect(started.body).toMatchObject({ stage: 'drafting', revision: 1 });
    expect(shown.body).toMatchObject({ id: documentId, stage: 'drafting', revision: 1 });
  }, 300_000);
});

describe('the README names every command route', () => {
  it('lists each POST /documents/{id}/<command> of the committed contract, and nothing else', () => {
    const contract = JSON.parse(
      readFileSync(new URL('../../apps/api/openapi.json', import.meta.url), 'utf8'),
    ) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(contract.paths)
      .filter(([path, ops]) => /^\/documents\/\{id\}\/[a-z-]+$/.test(path) && 'post' in ops)
      .map(([path]) => path.split('/').at(-1)!)
      .sort();
    const bullet = README.slice(README.indexOf('runs a\n  command, named in kebab-case:'));
    const listed = [...bullet.slice(0, bullet.indexOf('Each takes')).matchAll(/`([a-z-]+)`/g)]
      .map((m) => m[1])
      .sort();
    expect(listed).toEqual(routes);
  });
});
