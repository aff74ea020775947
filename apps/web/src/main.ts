/// <reference lib="dom" />
// The pages: sign-in (embedded demo picker), My work, a document, inbox, report. Hash routes
// (#/documents/<id>) keep every server path the API's. lit-html escapes every value it renders.
import { html, nothing, render, svg, type TemplateResult } from 'lit-html';
import {
  api,
  ApiError,
  loadSession,
  saveSession,
  whenUnauthorized,
  type CommandContract,
  type DemoUser,
  type DocumentSummary,
  type DocumentView,
  type HistoryEntry,
  type Problem,
} from './api.js';
import { bodyOf, fieldsOf, type Field, type FormValues } from './forms.js';
import { beginSignIn, endProviderSession, finishSignIn, isCallback } from './oidc.js';
import {
  commandLabel,
  DICTS,
  dueBadge,
  fieldLabel,
  fill,
  formatDate,
  formatInstant,
  formatLocalDate,
  formatMonth,
  type Lang,
} from './i18n.js';

const LANG_KEY = 'draftline.lang';
let lang: Lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
const t = () => DICTS[lang];
const root = document.getElementById('app')!;
root.replaceChildren(); // the static "loading" line of index.html
let contract: Record<string, CommandContract> | undefined;
let people: DemoUser[] = [];
/**
 * What the user had typed when the session ran out, restored after signing in again. Kept in
 * sessionStorage too: an OpenID sign-in leaves the page for the provider's and comes back.
 */
type PendingForm = { route: string; command: string; values: FormValues };
const PENDING_KEY = 'draftline.pending';
let pendingForm: PendingForm | undefined = (() => {
  try {
    return (JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as PendingForm | null) ?? undefined;
  } catch {
    return undefined;
  }
})();
function keepPending(p: PendingForm | undefined): void {
  pendingForm = p;
  if (p) sessionStorage.setItem(PENDING_KEY, JSON.stringify(p));
  else sessionStorage.removeItem(PENDING_KEY);
}
let flash: string | undefined;

function route(): { path: string[]; params: URLSearchParams } {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, qs] = hash.split('?');
  return {
    path: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(qs ?? ''),
  };
}

const go = (hash: string) => {
  if (location.hash === hash) void show();
  else location.hash = hash;
};

function setLang(next: Lang) {
  lang = next;
  localStorage.setItem(LANG_KEY, next);
  void show();
}

const nameOf = (userId: string | null) =>
  (userId && people.find((p) => p.id === userId)?.displayName) || userId || '—';

/** A problem in plain words, in the page's language. */
export function problemText(p: Problem): string {
  const e = t().errors;
  if (p.status === 0) return e.network;
  const base = e[String(p.status)] ?? fill(e.other, { status: p.status });
  // The API's own sentence is English: it is added on English pages only.
  const detail = lang === 'en' && p.status !== 401 && p.title && p.status !== 404 ? `: ${p.title}` : '';
  const fields =
    p.status === 400 && Array.isArray(p.errors) && lang === 'en'
      ? ` (${p.errors.map((x) => [x.path, x.message].filter(Boolean).join(' ')).join('; ')})`
      : '';
  return `${base}${detail}${fields}`;
}

function frame(main: TemplateResult, title: string): TemplateResult {
  const session = loadSession();
  document.documentElement.lang = lang;
  document.title = `${title} · Draftline`;
  const here = route().path[0] ?? 'work';
  const link = (to: string, label: string) =>
    html`<a href="#/${to}" aria-current=${here === to ? 'page' : nothing}>${label}</a>`;
  return html`<a
      class="skip"
      href="#main"
      @click=${(ev: Event) => {
        ev.preventDefault();
        document.getElementById('main')?.focus();
      }}
      >${t().skip}</a
    >
    <header class="top">
      <span class="brand">${t().appName}</span>
      ${
        session
          ? html`<nav aria-label=${t().nav}>
              ${link('work', t().myWork)} ${link('inbox', t().inbox)} ${link('report', t().report)}
            </nav>`
          : nothing
      }
      <span class="tools">
        ${
          session
            ? html`<span class="who">${session.user.displayName}</span>
                <button type="button" @click=${signOut}>${t().signOut}</button>`
            : nothing
        }
        <button
          type="button"
          lang=${lang === 'vi' ? 'en' : 'vi'}
          @click=${() => setLang(lang === 'vi' ? 'en' : 'vi')}
        >
          ${t().switchTo}
        </button>
      </span>
    </header>
    <main id="main" tabindex="-1">
      ${flash ? html`<p class="notice" role="status">${flash}</p>` : nothing}
      <h1>${title}</h1>
      ${main}
    </main>`;
}

const paintNow = (main: TemplateResult, title: string) => render(frame(main, title), root);

/**
 * Draws one navigation's page. Every navigation (a hash change, a language switch, a page shown
 * again after a command) claims the next number, and its page paints only while that number is
 * the newest: a slow answer for a page the user has already left never covers the page they went
 * to (the My work list, still loading, used to paint over the report opened meanwhile).
 */
type Paint = (main: TemplateResult, title: string) => void;
let navigation = 0;
function claimView(): Paint {
  const mine = ++navigation;
  return (main, title) => {
    if (mine === navigation) paintNow(main, title);
  };
}
const loading = (paint: Paint, title: string) =>
  paint(html`<p class="loading" role="status">${t().loading}</p>`, title);

function signOut() {
  saveSession(undefined);
  flash = undefined;
  go('#/');
  // Server mode: the provider's session ends too (RP-initiated logout) when the provider offers
  // it; the page's own session is gone already, whatever the provider answers.
  void api
    .webConfig()
    .then((config) => (config?.signIn === 'oidc' && config.oidc ? endProviderSession(config.oidc) : false))
    .catch(() => false);
}

whenUnauthorized(() => {
  saveSession(undefined);
  flash = t().sessionExpired;
  void show();
});

// --- sign in ---------------------------------------------------------------------------------

async function signInPage(paint: Paint) {
  loading(paint, t().signInTitle);
  const config = await api.webConfig().catch(() => undefined);
  if (config?.signIn === 'oidc' && config.oidc) {
    const settings = config.oidc;
    const start = async () => {
      try {
        await beginSignIn(settings, pendingForm?.route ?? (location.hash || '#/work'));
      } catch (error) {
        flash = `${t().signInFailed} ${String(error)}`;
        void show();
      }
    };
    paint(
      html`<p>${t().oidcSignIn}</p>
        <p><button type="button" class="oidc-sign-in" @click=${start}>${t().oidcButton}</button></p>`,
      t().signInTitle,
    );
    return;
  }
  let users: DemoUser[];
  try {
    users = await api.demoUsers();
  } catch {
    paint(html`<p>${t().serverSignIn}</p>`, t().signInTitle);
    return;
  }
  people = users;
  const pick = async (u: DemoUser) => {
    try {
      saveSession(await api.demoSession(u.id));
      flash = undefined;
      go(pendingForm ? pendingForm.route : '#/work');
    } catch (error) {
      flash = error instanceof ApiError ? problemText(error.problem) : String(error);
      void show();
    }
  };
  paint(
    html`<p class="local-only" role="note"><strong>${t().localOnly}</strong></p>
      <h2>${t().pickUser}</h2>
      <ul class="users">
        ${users.map(
          (u) =>
            html`<li>
              <button type="button" class="user" data-user=${u.id} @click=${() => pick(u)}>
                <span class="name">${u.displayName}</span>
                <span class="meta">${u.roles.map((r) => t().roles[r] ?? r).join(', ')} · ${u.agency}</span>
              </button>
            </li>`,
        )}
      </ul>`,
    t().signInTitle,
  );
}

// --- my work ---------------------------------------------------------------------------------

async function workPage(paint: Paint, params: URLSearchParams) {
  loading(paint, t().myWork);
  const filters = {
    q: params.get('q') ?? undefined,
    stage: params.get('stage') ?? undefined,
    kind: params.get('kind') ?? undefined,
    overdue: params.get('overdue') === 'true' ? 'true' : undefined,
    cursor: params.get('cursor') ?? undefined,
    limit: '20',
  };
  let page: { items: DocumentSummary[]; nextCursor: string | null };
  try {
    page = await api.listDocuments(filters);
  } catch (error) {
    return failed(paint, error, t().myWork);
  }
  const badges = await Promise.all(
    page.items.map((d) =>
      api.deadlines(d.id).then(
        (clocks) => clocks.filter((c) => c.status === 'open' && c.dueIn),
        () => [],
      ),
    ),
  );
  const submit = (ev: Event) => {
    ev.preventDefault();
    const form = new FormData(ev.target as HTMLFormElement);
    const q = new URLSearchParams();
    for (const key of ['q', 'stage', 'kind']) {
      const v = String(form.get(key) ?? '').trim();
      if (v) q.set(key, v);
    }
    if (form.get('overdue')) q.set('overdue', 'true');
    go(`#/work?${q}`);
  };
  const next = new URLSearchParams(params);
  if (page.nextCursor) next.set('cursor', page.nextCursor);
  const first = new URLSearchParams(params);
  first.delete('cursor');
  paint(
    html`<form class="filters" role="search" @submit=${submit}>
        <label>${t().search} <input name="q" type="search" .value=${filters.q ?? ''} /></label>
        <label
          >${t().stage}
          <select name="stage">
            <option value="">${t().anyOption}</option>
            ${Object.entries(t().stages).map(
              ([k, v]) => html`<option value=${k} ?selected=${filters.stage === k}>${v}</option>`,
            )}
          </select></label
        >
        <label
          >${t().kind}
          <select name="kind">
            <option value="">${t().anyOption}</option>
            ${Object.entries(t().kinds).map(
              ([k, v]) => html`<option value=${k} ?selected=${filters.kind === k}>${v}</option>`,
            )}
          </select></label
        >
        <label class="check"
          ><input type="checkbox" name="overdue" ?checked=${filters.overdue === 'true'} />
          ${t().overdueOnly}</label
        >
        <button type="submit">${t().apply}</button>
      </form>
      <h2>${t().documentsOf}</h2>
      ${
        page.items.length === 0
          ? html`<p class="empty">${t().empty}</p>`
          : html`<ul class="docs">
              ${page.items.map(
                (d, i) =>
                  html`<li class="doc">
                    <a href="#/documents/${d.id}" class="doc-title">${d.title}</a>
                    <span class="meta">
                      <span class="badge stage">${t().stages[d.stage] ?? d.stage}</span>
                      <span>${t().kinds[d.kind] ?? d.kind}</span>
                      <span>${t().procedures[d.procedure] ?? d.procedure}</span>
                      <span class="regime">${t().regimes[d.regime] ?? d.regime}</span>
                      <span>${t().agency}: ${d.agency}</span>
                      ${d.plannedMonth ? html`<span>${t().plannedMonth}: ${formatMonth(d.plannedMonth)}</span>` : nothing}
                      ${badges[i].map(
                        (c) =>
                          html`<span class="badge ${c.dueIn!.overdue ? 'late' : 'due'}"
                            >${dueBadge(lang, c.dueIn!)} (${formatDate(c.dueDate)})</span
                          >`,
                      )}
                    </span>
                  </li>`,
              )}
            </ul>`
      }
      <p class="paging">
        ${filters.cursor ? html`<a href="#/work?${first}">${t().firstPage}</a>` : nothing}
        ${page.nextCursor ? html`<a href="#/work?${next}">${t().nextPage}</a>` : nothing}
      </p>`,
    t().myWork,
  );
}

// --- a document ------------------------------------------------------------------------------

/** The commands whose form takes the document's number (GET /documents/{id}/next-number proposes it). */
const NUMBERED = ['issue', 'certify'];

const MAIN_PATH = ['planned', 'drafting', 'consulting', 'revising', 'in_appraisal', 'appraised', 'submitted'];
const DECISION_TAIL = ['adopted', 'issued', 'published'];
/** A decision of the Chair is signed by the Chair once submitted: no adoption by the committee. */
const CHAIR_TAIL = ['issued', 'published'];
const RESOLUTION_TAIL = [
  'committee_approved',
  'under_verification',
  'verified',
  'tabled',
  'adopted',
  'issued',
  'published',
];

interface DocState {
  doc: DocumentView;
  history: HistoryEntry[];
  open?: string;
  message?: { text: string; kind: 'ok' | 'error' | 'stale' };
  errors?: Record<string, string>;
  values?: FormValues;
}

async function documentPage(
  paint: Paint,
  id: string,
  consistentWith?: string,
  message?: DocState['message'],
) {
  loading(paint, t().loading);
  let doc: DocumentView;
  let history: HistoryEntry[];
  try {
    [doc, history] = await Promise.all([
      api.document(id, consistentWith),
      api.history(id, consistentWith).then((h) => h.events),
    ]);
    contract ??= await api.contract();
  } catch (error) {
    return failed(paint, error, t().notFoundTitle);
  }
  const [clocks, verdict] = await Promise.all([
    api.deadlines(id).catch(() => []),
    api.verify(id).catch(() => undefined),
  ]);
  const state: DocState = { doc, history, message };
  if (pendingForm && pendingForm.route === location.hash) {
    state.open = pendingForm.command;
    state.values = pendingForm.values;
    keepPending(undefined);
  }
  const draw = () => {
    const tail =
      doc.kind === 'council_resolution'
        ? RESOLUTION_TAIL
        : doc.kind === 'chair_decision'
          ? CHAIR_TAIL
          : DECISION_TAIL;
    const path = [...MAIN_PATH, ...tail];
    const at = path.indexOf(doc.stage);
    const open = clocks.filter((c) => c.status === 'open');
    paint(
      html`<p class="meta">
          <span class="badge stage">${t().stages[doc.stage] ?? doc.stage}</span>
          <span>${t().kinds[doc.kind] ?? doc.kind}</span>
          <span>${t().procedures[doc.procedure] ?? doc.procedure}</span>
          <span class="regime">${t().regimes[doc.regime] ?? doc.regime}</span>
          <span>${t().agency}: ${doc.agency}</span>
          ${doc.plannedMonth ? html`<span>${t().plannedMonth}: ${formatMonth(doc.plannedMonth)}</span>` : nothing}
          ${
            verdict
              ? html`<span>${t().chain}: ${verdict.intact ? t().chainIntact : t().chainBroken}</span>`
              : nothing
          }
        </p>
        ${
          state.message
            ? html`<div
                class="notice ${state.message.kind}"
                role=${state.message.kind === 'ok' ? 'status' : 'alert'}
              >
                ${state.message.text}
                ${
                  state.message.kind === 'stale'
                    ? html`<button type="button" class="reload" @click=${() => documentPage(claimView(), id)}>
                        ${t().reload}
                      </button>`
                    : nothing
                }
              </div>`
            : nothing
        }
        <section aria-labelledby="h-path">
          <h2 id="h-path">${t().path}</h2>
          <ol class="path">
            ${path.map(
              (s, i) =>
                html`<li
                  class=${at < 0 ? 'todo' : i < at ? 'done' : i === at ? 'current' : 'todo'}
                  aria-current=${i === at ? 'step' : nothing}
                >
                  ${t().stages[s] ?? s}
                </li>`,
            )}
            ${at < 0 ? html`<li class="current" aria-current="step">${t().stages[doc.stage] ?? doc.stage}</li>` : nothing}
          </ol>
        </section>
        <section aria-labelledby="h-actions">
          <h2 id="h-actions">${t().actions}</h2>
          ${
            doc.availableCommands.length === 0
              ? html`<p class="empty">${t().noActions}</p>`
              : html`<div class="actions">
                  ${doc.availableCommands.map((c) => {
                    const label = commandLabel(contract?.[c]?.summary, c, lang);
                    return html`<button
                      type="button"
                      class="command"
                      data-command=${c}
                      aria-expanded=${state.open === c ? 'true' : 'false'}
                      @click=${() => {
                        state.open = state.open === c ? undefined : c;
                        state.errors = undefined;
                        state.values = undefined;
                        draw();
                        // A command that enters the document's number: propose the issuer's next free one.
                        if (state.open === c && NUMBERED.includes(c))
                          void api.nextNumber(doc.id).then(
                            (n) => {
                              if (state.open !== c || state.values) return;
                              state.values = { documentNumber: n.documentNumber };
                              draw();
                            },
                            () => undefined,
                          );
                      }}
                    >
                      ${label}
                    </button>`;
                  })}
                </div>`
          }
          ${state.open ? commandForm(state, draw) : nothing}
        </section>
        <section aria-labelledby="h-clocks">
          <h2 id="h-clocks">${t().clocks}</h2>
          ${
            open.length === 0
              ? html`<p class="empty">${t().noClocks}</p>`
              : html`<ul class="clocks">
                  ${open.map(
                    (c) =>
                      html`<li>
                        <span>${c.name}</span> · ${t().due}: ${formatDate(c.dueDate)}
                        ${
                          c.dueIn
                            ? html`<span class="badge ${c.dueIn.overdue ? 'late' : 'due'}"
                                >${dueBadge(lang, c.dueIn)}</span
                              >`
                            : nothing
                        }
                      </li>`,
                  )}
                </ul>`
          }
        </section>
        <section aria-labelledby="h-timeline">
          <h2 id="h-timeline">${t().timeline}</h2>
          <ol class="timeline">
            ${[...state.history].reverse().map(
              (e) =>
                html`<li class=${e.stream}>
                  <strong>${t().events[e.type] ?? e.type}</strong>
                  <span class="meta">
                    <span
                      >${t().who}:
                      ${nameOf(e.actor.userId)}${e.actor.role ? ` (${t().roles[e.actor.role] ?? e.actor.role})` : ''}</span
                    >
                    <span>${t().when}: ${formatLocalDate(e.occurredAt)}</span>
                    <span>${t().recordedAt} ${formatInstant(e.recordedAt)}</span>
                  </span>
                  ${e.reason ? html`<span class="why">${t().why}: ${e.reason}</span>` : nothing}
                </li>`,
            )}
          </ol>
        </section>`,
      doc.title,
    );
  };
  draw();
}

function commandForm(state: DocState, draw: () => void): TemplateResult {
  const command = state.open!;
  const fields = fieldsOf(contract?.[command]?.schema);
  const values = state.values ?? {};
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const form = ev.target as HTMLFormElement;
    const read: FormValues = {};
    for (const f of fields) {
      const el = form.elements.namedItem(f.name) as HTMLInputElement | null;
      read[f.name] = f.kind === 'checkbox' ? Boolean(el?.checked) : (el?.value ?? '');
    }
    state.values = read;
    const out = bodyOf(fields, read, lang);
    if ('errors' in out) {
      state.errors = out.errors;
      draw();
      (form.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
      return;
    }
    try {
      const answer = await api.run(state.doc.id, command, state.doc.revision, out.body);
      await documentPage(claimView(), state.doc.id, answer.position, { text: t().recorded, kind: 'ok' });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.problem.status === 401) {
        keepPending({ route: location.hash, command, values: read });
        return;
      }
      if (error.problem.status === 412) {
        const fresh = await api.history(state.doc.id).catch(() => ({ events: state.history }));
        const last = [...fresh.events].reverse().find((e) => e.stream === 'draft');
        state.message = {
          kind: 'stale',
          text: fill(t().errors['412'], {
            who: nameOf(last?.actor.userId ?? null),
            when: last ? formatInstant(last.recordedAt) : '—',
          }),
        };
        state.history = fresh.events;
        state.doc = await api.document(state.doc.id).catch(() => state.doc);
      } else state.message = { kind: 'error', text: problemText(error.problem) };
      draw();
    }
  };
  const input = (f: Field) => {
    const id = `f-${f.name}`;
    const err = state.errors?.[f.name];
    const label = html`${fieldLabel(lang, f.name, f.title)}${f.required ? '' : html` <span class="opt">${t().optional}</span>`}`;
    const hint = f.kind === 'date' ? t().dateHint : f.kind === 'month' ? t().monthHint : undefined;
    const described = [hint ? `${id}-hint` : '', err ? `${id}-err` : ''].filter(Boolean).join(' ') || nothing;
    const v = values[f.name];
    const control =
      f.kind === 'select'
        ? html`<select id=${id} name=${f.name} ?required=${f.required} aria-invalid=${err ? 'true' : 'false'}>
            ${f.required ? nothing : html`<option value=""></option>`}
            ${f.options!.map((o) => html`<option value=${o} ?selected=${v === o}>${t().values[o] ?? o}</option>`)}
          </select>`
        : f.kind === 'checkbox'
          ? html`<input id=${id} name=${f.name} type="checkbox" ?checked=${v === true} />`
          : f.kind === 'textarea' || f.kind === 'lines'
            ? html`<textarea
                id=${id}
                name=${f.name}
                rows="3"
                ?required=${f.required}
                maxlength=${f.maxLength ?? nothing}
                aria-invalid=${err ? 'true' : 'false'}
                aria-describedby=${described}
                .value=${String(v ?? '')}
              ></textarea>`
            : html`<input
                id=${id}
                name=${f.name}
                type=${f.kind === 'number' ? 'number' : 'text'}
                inputmode=${f.kind === 'date' || f.kind === 'month' ? 'numeric' : nothing}
                placeholder=${hint ?? nothing}
                ?required=${f.required}
                maxlength=${f.maxLength ?? nothing}
                aria-invalid=${err ? 'true' : 'false'}
                aria-describedby=${described}
                .value=${String(v ?? '')}
              />`;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${control} ${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : nothing}
      ${err ? html`<span class="error" id="${id}-err">${err}</span>` : nothing}
    </div>`;
  };
  return html`<form class="command-form" data-form=${command} @submit=${submit} novalidate>
    <h3>${commandLabel(contract?.[command]?.summary, command, lang)}</h3>
    ${fields.map(input)}
    <div class="buttons">
      <button type="submit" class="primary">${t().run}</button>
      <button
        type="button"
        @click=${() => {
          state.open = undefined;
          draw();
        }}
      >
        ${t().cancel}
      </button>
    </div>
  </form>`;
}

// --- inbox -----------------------------------------------------------------------------------

async function inboxPage(paint: Paint, params: URLSearchParams) {
  loading(paint, t().inbox);
  let page: Awaited<ReturnType<typeof api.notifications>>;
  try {
    page = await api.notifications(params.get('cursor') ?? undefined);
  } catch (error) {
    return failed(paint, error, t().inbox);
  }
  const open = async (n: (typeof page.notifications)[number]) => {
    if (!n.readAt) await api.markRead(n.id).catch(() => undefined);
    go(`#/documents/${n.documentId}`);
  };
  paint(
    page.notifications.length === 0
      ? html`<p class="empty">${t().inboxEmpty}</p>`
      : html`<ul class="inbox">
            ${page.notifications.map(
              (n) =>
                html`<li class=${n.readAt ? 'read' : 'unread'}>
                  ${n.readAt ? nothing : html`<span class="badge due">${t().unread}</span>`}
                  <span
                    >${lang === 'vi' ? String(n.message ?? '') : `${t().reminder}: ${String(n.clock ?? '')}`}</span
                  >
                  <span class="meta">${t().due}: ${formatInstant(String(n.dueAt ?? ''))}</span>
                  <button type="button" @click=${() => open(n)}>${t().openDocument}</button>
                </li>`,
            )}
          </ul>
          ${page.nextCursor ? html`<p class="paging"><a href="#/inbox?cursor=${encodeURIComponent(page.nextCursor)}">${t().nextPage}</a></p>` : nothing}`,
    t().inbox,
  );
}

// --- report ----------------------------------------------------------------------------------

async function reportPage(paint: Paint, params: URLSearchParams) {
  const session = loadSession()!;
  const agency = params.get('agency') ?? session.user.agency;
  const year = params.get('year') ?? String(new Date().getFullYear());
  const asOfText = params.get('asOf') ?? '';
  loading(paint, t().report);
  let report: Record<string, unknown> | undefined;
  let error: string | undefined;
  try {
    report = await api.report(agency, year, asOfText || undefined);
  } catch (e) {
    error = e instanceof ApiError ? problemText(e.problem) : String(e);
  }
  const submit = (ev: Event) => {
    ev.preventDefault();
    const form = new FormData(ev.target as HTMLFormElement);
    const q = new URLSearchParams();
    q.set('agency', String(form.get('agency') ?? '').trim());
    q.set('year', String(form.get('year') ?? '').trim());
    const d = String(form.get('asOf') ?? '').trim();
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(d);
    if (m) q.set('asOf', `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`);
    go(`#/report?${q}`);
  };
  const download = async () => {
    try {
      const csv = await api.reportCsv(agency, year, asOfText || undefined);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `programme-report-${agency}-${year}${asOfText ? `-${asOfText}` : ''}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      flash = e instanceof ApiError ? problemText(e.problem) : String(e);
      void show();
    }
  };
  const rows = tableRows(report);
  const bars = chartBars(report);
  const max = Math.max(1, ...bars.map((r) => r.count));
  const asOfShown = report ? formatDate(String(report.asOfDate ?? asOfText)) : '';
  const r = t().reportRows;
  paint(
    html`<form class="filters" @submit=${submit}>
        <label>${t().agency} <input name="agency" .value=${agency} /></label>
        <label>${t().year} <input name="year" inputmode="numeric" .value=${year} /></label>
        <label
          >${t().asOf}
          <input name="asOf" placeholder=${t().dateHint} .value=${asOfText ? formatDate(asOfText) : ''}
        /></label>
        <button type="submit">${t().show}</button>
      </form>
      ${error ? html`<p class="notice error" role="alert">${error}</p>` : nothing}
      ${
        report
          ? html`<p>
                <button type="button" class="download" @click=${download}>${t().downloadCsv}</button>
                <a
                  class="share"
                  href="#/report?agency=${agency}&year=${year}${asOfText ? `&asOf=${asOfText}` : ''}"
                  >${t().shareLink}</a
                >
              </p>
              <div class="table-wrap">
                <table class="report">
                  <caption>
                    ${t().report} ${agency} ${year} · ${t().asOf} ${asOfShown}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">${t().status}</th>
                      <th scope="col">${r.programme}</th>
                      <th scope="col">${r.additional}</th>
                      <th scope="col">${r.total}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${rows.map(
                      (row) =>
                        html`<tr class=${row.key === 'assigned' || row.key === 'everSubmitted' ? 'sum' : ''}>
                          <th scope="row">${row.label}</th>
                          <td>${row.programme}</td>
                          <td>${row.additional}</td>
                          <td>${row.programme + row.additional}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
              <p class="hint">${r.partitionNote}</p>
              <div class="table-wrap">
                <table class="punctuality">
                  <caption>
                    ${r.punctuality}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">${t().status}</th>
                      <th scope="col">${t().count}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${PUNCTUALITY.map(
                      (k) =>
                        html`<tr>
                          <th scope="row">${r[k]}</th>
                          <td>${num(report.punctuality, k)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
              ${splitTable('by-kind', r.byKind, t().kind, report.byKind, t().kinds)}
              ${splitTable('by-regime', r.byRegime, t().fields.regime, report.byRegime, t().regimes)}
              ${registersTable(report)}
              <figure class="chart">
                <figcaption>${t().chart}</figcaption>
                <svg
                  role="img"
                  aria-label=${t().chart}
                  viewBox="0 0 400 ${bars.length * 22 + 4}"
                  width="100%"
                >
                  ${bars.map((b, i) => svgBar(b.label, b.count, max, i))}
                </svg>
              </figure>`
          : nothing
      }`,
    t().report,
  );
}

/** The status buckets of the answer: each draft is in exactly one, so they add up to assigned. */
const BUCKETS = [
  'issued',
  'adoptedAwaitingSignature',
  'submittedAwaitingDecision',
  'appraisedAwaitingSubmission',
  'inAppraisal',
  'revisingBeforeAppraisal',
  'beingDrafted',
  'withdrawn',
];
const PUNCTUALITY = ['onTime', 'late', 'overdueOpen', 'notYetDue'];
const KIND_COLUMNS = ['assigned', 'issued', 'everSubmitted', 'withdrawn'];
const num = (o: unknown, k: string) => Number((o as Record<string, unknown> | undefined)?.[k] ?? 0);

/**
 * The figures split one way (by kind, by regime): a row per value, the assigned, issued, ever
 * submitted and withdrawn of both origins together.
 */
function splitTable(
  cls: string,
  caption: string,
  header: string,
  split: unknown,
  labels: Record<string, string>,
): TemplateResult {
  const r = t().reportRows;
  return html`<div class="table-wrap">
    <table class=${cls}>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">${header}</th>
          ${KIND_COLUMNS.map((k) => html`<th scope="col">${r[k]}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${Object.entries((split ?? {}) as Record<string, Record<string, unknown>>).map(
          ([key, figures]) =>
            html`<tr>
              <th scope="row">${labels[key] ?? key}</th>
              ${KIND_COLUMNS.map((k) => html`<td>${num(figures.programme, k) + num(figures.additional, k)}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The registers' figures of the year: documents reviewed by outcome, documents to implement by status. */
function registersTable(report: Record<string, unknown>): TemplateResult {
  const g = t().registers;
  const part = (key: 'reviews' | 'implementations', by: 'byOutcome' | 'byStatus') => {
    const figures = (report[key] ?? {}) as { total?: number } & Record<string, Record<string, number>>;
    return html`<tr class=${key}>
        <th scope="row">${g[key]}</th>
        <td>${figures.total ?? 0}</td>
      </tr>
      ${Object.entries(figures[by] ?? {}).map(
        ([k, n]) =>
          html`<tr>
            <th scope="row" class="sub">${g[k] ?? k}</th>
            <td>${n}</td>
          </tr>`,
      )}`;
  };
  return html`<div class="table-wrap">
    <table class="registers">
      <caption>
        ${g.caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t().status}</th>
          <th scope="col">${g.total}</th>
        </tr>
      </thead>
      <tbody>
        ${part('reviews', 'byOutcome')} ${part('implementations', 'byStatus')}
      </tbody>
    </table>
  </div>`;
}

/** The official table: assigned, each status bucket, then ever submitted; by origin. */
function tableRows(
  report: Record<string, unknown> | undefined,
): { key: string; label: string; programme: number; additional: number }[] {
  if (!report) return [];
  const r = t().reportRows;
  return ['assigned', ...BUCKETS, 'everSubmitted'].map((key) => ({
    key,
    label: r[key],
    programme: num(report.programme, key),
    additional: num(report.additional, key),
  }));
}

/** The chart: documents per status bucket (both origins), then on time against late. */
function chartBars(report: Record<string, unknown> | undefined): { label: string; count: number }[] {
  if (!report) return [];
  const r = t().reportRows;
  return [
    ...BUCKETS.map((b) => ({ label: r[b], count: num(report.programme, b) + num(report.additional, b) })),
    { label: r.onTime, count: num(report.punctuality, 'onTime') },
    { label: r.late, count: num(report.punctuality, 'late') },
  ];
}

function svgBar(label: string, count: number, max: number, i: number) {
  const width = Math.round((count / max) * 120);
  return svg`<g><text x="0" y=${i * 22 + 15} font-size="9">${label}</text
    ><rect x="250" y=${i * 22 + 4} height="14" width=${width} class="bar"></rect
    ><text x=${254 + width} y=${i * 22 + 15} font-size="10">${count}</text></g>`;
}

// --- shared ----------------------------------------------------------------------------------

function failed(paint: Paint, error: unknown, title: string) {
  if (error instanceof ApiError && error.problem.status === 404)
    return paint(
      html`<p class="not-found">${t().notFound}</p>
        <p><a href="#/work">${t().backToWork}</a></p>`,
      t().notFoundTitle,
    );
  if (error instanceof ApiError && error.problem.status === 401) return;
  paint(
    html`<p class="notice error" role="alert">
      ${error instanceof ApiError ? problemText(error.problem) : String(error)}
    </p>`,
    title,
  );
}

async function show() {
  const { path, params } = route();
  const paint = claimView();
  const session = loadSession();
  if (!session) return signInPage(paint);
  if (people.length === 0) people = await api.demoUsers().catch(() => []);
  try {
    if (path[0] === 'documents' && path[1]) await documentPage(paint, path[1]);
    else if (path[0] === 'inbox') await inboxPage(paint, params);
    else if (path[0] === 'report') await reportPage(paint, params);
    else await workPage(paint, params);
  } finally {
    flash = undefined;
  }
}

/** Back from the OpenID provider: exchange the code, learn who signed in, go where they were. */
async function completeSignIn(): Promise<void> {
  loading(paintNow, t().signInTitle);
  try {
    const config = await api.webConfig();
    if (!config.oidc) throw new Error('OpenID Connect is not configured');
    const { token, expiresAt, returnTo } = await finishSignIn(config.oidc);
    const user = await api.me(token);
    saveSession({ token, user, expiresAt });
    flash = undefined;
    history.replaceState(null, '', `/${returnTo}`);
  } catch (error) {
    history.replaceState(null, '', '/');
    flash = `${t().signInFailed} ${error instanceof ApiError ? problemText(error.problem) : String(error)}`;
  }
}

window.addEventListener('hashchange', () => void show());
void (isCallback() ? completeSignIn() : Promise.resolve()).then(() => show());
