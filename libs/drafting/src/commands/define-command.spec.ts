// A command is one definition: leave out a part and it does not compile (`npm run typecheck`
// checks the @ts-expect-error lines below: each fails if its definition ever compiles); add one
// and every list follows from it, as the harmless fixture command here shows.
import { z } from 'zod';
import { Forbidden, IllegalTransition } from '../domain.errors.js';
import { event } from '../draft.events.js';
import { draftDecider } from '../draft.decide.js';
import { replay } from '../draft.evolve.js';
import type { Draft } from '../draft.types.js';
import { businessDate, text } from '../input.schema.js';
import { actor, ctxAt, historyTo } from '../testing/fixtures.js';
import { commandCatalog, kebabCase } from './catalog.js';
import { defineCommand, type Grant } from './define-command.js';
import { COMMANDS } from './index.js';

const input = z.strictObject({ occurredOn: businessDate, note: text(200) });
const grants: [Grant<'drafting' | 'revising'>] = [{ roles: ['inspector'], from: ['drafting', 'revising'] }];
const labels = { vi: 'Ghi chú', en: 'Add note' };

/** A harmless command of the test only: an inspector's note, recorded as a revision. */
const AddNote = defineCommand({
  name: 'AddNote',
  input,
  grants,
  labels,
  decide: (data, draft) => [event('DraftRevised', { revision: draft.revisionCount + 1, summary: data.note })],
  sample: () => ({ note: 'Đã xem' }),
});

it('refuses, at start, a command whose body has no occurredOn', () => {
  const undated = defineCommand({ ...AddNote, input: z.strictObject({ note: text(200) }) });
  expect(() => commandCatalog([undated])).toThrow("AddNote's body has no occurredOn");
});

describe('defineCommand', () => {
  it('does not compile a definition that lacks a part', () => {
    const decide = () => [];
    const sample = () => ({ note: 'x' });
    const parts = { name: 'AddNote', input, grants, labels, decide, sample } as const;
    const { sample: _s, ...noSample } = parts;
    const { labels: _l, ...noLabels } = parts;
    const { decide: _d, ...noDecide } = parts;
    // @ts-expect-error no sample input
    defineCommand(noSample);
    // @ts-expect-error no Vietnamese and English labels
    defineCommand(noLabels);
    // @ts-expect-error no decide
    defineCommand(noDecide);
    // @ts-expect-error a grant is required: with none, nobody could ever run it
    defineCommand({ ...parts, grants: [] });
    // @ts-expect-error labels in both languages
    defineCommand({ ...parts, labels: { en: 'Add note' } });
    // @ts-expect-error the sample must be a valid body
    defineCommand({ ...parts, sample: () => ({ note: 1 }) });
    expect(defineCommand(parts).creates).toBe(false);
  });

  it('types the draft for the stages the grants start from', () => {
    const common = { name: 'AddNote', input, labels, sample: () => ({ note: 'x' }) } as const;
    const issued = defineCommand({
      ...common,
      grants: [{ roles: ['committee_office'], from: ['issued'] }],
      decide(data, draft) {
        const number: string = draft.documentNumber; // an issued draft has its number: no `!`
        return [event('DraftRevised', { revision: 1, summary: `${number}: ${data.note}` })];
      },
    });
    const drafting = defineCommand({
      ...common,
      grants: [{ roles: ['committee_office'], from: ['drafting'] }],
      decide(data, draft) {
        // @ts-expect-error a draft in drafting has no number yet
        const number: string = draft.documentNumber;
        return [event('DraftRevised', { revision: 1, summary: `${number}: ${data.note}` })];
      },
    });
    expect([issued.creates, drafting.creates]).toEqual([false, false]);
  });
});

describe('a command added to the list', () => {
  const catalog = commandCatalog([...COMMANDS, AddNote]);
  const rules = draftDecider(catalog);
  const drafting = replay(historyTo('drafting', 'committee_decision')) as Draft;
  const inspector = ctxAt(actor('inspector'), '2019-06-01');

  it('gets its name, route, schema, grants and labels from its one definition', () => {
    expect(catalog.names.at(-1)).toBe('AddNote');
    expect(catalog.fromKebab(kebabCase('AddNote'))).toBe('AddNote');
    expect(catalog.schemas.AddNote).toBe(input);
    expect(catalog.rolesFor('AddNote')).toEqual(['inspector']);
    expect(catalog.labels.AddNote).toEqual(labels);
  });

  it('is decided, authorized and offered like every other', () => {
    const note = { type: 'AddNote', data: { note: 'Đã xem' } } as const;
    expect(rules.decide(note, drafting, inspector)).toEqual([
      {
        type: 'DraftRevised',
        data: { revision: 1, summary: 'Đã xem', occurredOn: '2019-06-01' },
        schemaVersion: 1,
      },
    ]);
    expect(() => rules.decide(note, drafting, ctxAt(actor('drafter'), '2019-06-01'))).toThrow(Forbidden);
    const published = replay(historyTo('published', 'committee_decision'));
    expect(() => rules.decide(note, published, inspector)).toThrow(IllegalTransition);
    expect(rules.availableCommands(drafting, inspector.actor, inspector.now)).toEqual(['AddNote']);
  });
});
