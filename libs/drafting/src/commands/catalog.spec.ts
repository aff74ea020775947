// The catalog is derived from the definitions: every command file is in the list, every name
// has one route, and every sample is a body its schema accepts on each draft a grant lets it act on.
import { readdirSync } from 'node:fs';
import { replay } from '../draft.evolve.js';
import { type DocumentKind, type Draft, type Procedure, STAGES } from '../draft.types.js';
import { STAGE_LABELS } from '../labels.js';
import { historyTo } from '../testing/fixtures.js';
import type { AnyCommandDefinition } from './define-command.js';
import {
  COMMAND_LABELS,
  COMMAND_NAMES,
  COMMANDS,
  commandFromKebab,
  commandSchemas,
  DRAFT_COMMANDS,
  GRANTS,
  kebabCase,
} from './index.js';

describe('the command catalog', () => {
  it('round-trip through kebab case', () => {
    expect(kebabCase('SendForAppraisal')).toBe('send-for-appraisal');
    expect(commandFromKebab('record-publication')).toBe('RecordPublication');
    for (const name of COMMAND_NAMES) expect(commandFromKebab(kebabCase(name))).toBe(name);
    expect(commandFromKebab('SendForAppraisal')).toBeUndefined();
    expect(commandFromKebab('constructor')).toBeUndefined();
  });
  it('every stage and command has a Vietnamese and an English label', () => {
    for (const s of STAGES) expect(STAGE_LABELS[s].vi && STAGE_LABELS[s].en).toBeTruthy();
    for (const c of COMMAND_NAMES) expect(COMMAND_LABELS[c].vi && COMMAND_LABELS[c].en).toBeTruthy();
  });
  it('lists every *.command.ts file of this folder, under the name of the file', async () => {
    const files = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.command.ts'));
    const defined: string[] = [];
    for (const file of files) {
      const module = (await import(`./${file.replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
      const definitions = Object.values(module).filter((v): v is AnyCommandDefinition =>
        COMMANDS.includes(v as never),
      );
      expect([file, definitions.map((d) => `${kebabCase(d.name)}.command.ts`)]).toEqual([file, [file]]);
      defined.push(...definitions.map((d) => d.name));
    }
    expect(defined.sort()).toEqual([...COMMAND_NAMES].sort());
  });
  it('derives schemas and grants for every command', () => {
    for (const name of COMMAND_NAMES) {
      expect(commandSchemas[name]).toBe(DRAFT_COMMANDS.definitions[name].input);
      expect(GRANTS[name].length).toBeGreaterThan(0);
    }
    expect(GRANTS.AssignDraft).toEqual([{ roles: ['committee_office'], from: [] }]);
  });
  it('has samples its schemas accept wherever a grant lets the command act', () => {
    const assign = DRAFT_COMMANDS.definitions.AssignDraft;
    expect(assign.input.safeParse(assign.sample('2019-06-01')).success).toBe(true);
    const drafts: Draft[] = [];
    for (const kind of ['committee_decision', 'council_resolution'] as DocumentKind[])
      for (const procedure of ['standard', 'simplified'] as Procedure[])
        for (const stage of STAGES)
          if (
            kind === 'council_resolution' ||
            !['committee_approved', 'under_verification', 'verified', 'tabled'].includes(stage)
          )
            drafts.push(replay(historyTo(stage, kind, procedure)) as Draft);
    const refused: string[] = [];
    for (const draft of drafts)
      for (const name of COMMAND_NAMES) {
        const def: AnyCommandDefinition = DRAFT_COMMANDS.definitions[name];
        if (def.creates || !GRANTS[name].some((g) => g.from.includes(draft.stage))) continue;
        const parsed = def.input.safeParse(def.sample(draft as never, '2019-06-01'));
        if (!parsed.success) refused.push(`${name} on ${draft.kind} ${draft.stage}: ${parsed.error.message}`);
      }
    expect(refused).toEqual([]);
  });
});
