import { STAGES, type Stage } from '#drafting';
import type { DraftStep } from './report.state.js';

const DAY_MS = 86_400_000;

/** Stages a draft can leave (published and withdrawn are final). */
export const TIMED_STAGES: readonly Stage[] = STAGES.filter((s) => s !== 'published' && s !== 'withdrawn');

/** Per stage: completed stays (entered and left by `asOf`) and their mean length in days (1 decimal). */
export type StageDays = Record<string, { stays: number; averageDays: number | null }>;

/**
 * A stay in a stage runs from the event that entered it to the event that entered the next
 * stage, both by occurredAt. Events that keep the stage (a revision while revising, a moved
 * meeting) do not split a stay; entering a stage again is a second stay. Stays still running at
 * `asOf` are not averaged: an open draft's current stage shows in the other figures.
 */
export function stageDays(drafts: readonly (readonly DraftStep[])[]): StageDays {
  const total = new Map<Stage, { stays: number; ms: number }>();
  for (const steps of drafts) {
    const entries = steps.filter((s, i) => i === 0 || s.stage !== steps[i - 1].stage);
    for (let i = 0; i + 1 < entries.length; i++) {
      const t = total.get(entries[i].stage) ?? { stays: 0, ms: 0 };
      t.stays += 1;
      t.ms += Date.parse(entries[i + 1].at) - Date.parse(entries[i].at);
      total.set(entries[i].stage, t);
    }
  }
  return Object.fromEntries(
    TIMED_STAGES.map((stage) => {
      const t = total.get(stage);
      return [
        stage,
        t
          ? { stays: t.stays, averageDays: Math.round((t.ms / t.stays / DAY_MS) * 10) / 10 }
          : { stays: 0, averageDays: null },
      ];
    }),
  );
}
