import type { NewEvent, RecordedEvent } from '#event-store';
import { assigned, revised } from '../testing/draft-events.js';
import { statusRowAfter } from './document-status.rows.js';
import { historyRowOf } from '../document-history/document-history.rows.js';

const id = '3f1c8a52-9d0b-4c55-9a36-3a0e7c1d2b47';
const recorded = (e: NewEvent, revision: number, streamId = `draft-${id}`): RecordedEvent => ({
  ...e,
  streamId,
  revision,
  position: { commit: 10n, prepare: BigInt(revision + 1) },
  recordedAt: `2019-01-0${revision + 1}T00:00:00.000Z`,
  hash: 'h',
  previousHash: null,
});

describe('document_status rows', () => {
  it('given an assignment, makes the row with folded title, dates and position', () => {
    const row = statusRowAfter(undefined, recorded(assigned(id, { title: 'Quyết định Đất đai' }), 0));
    expect(row).toMatchObject({
      id,
      stage: 'planned',
      titleFolded: 'quyet dinh dat dai',
      assignedOn: '2019-01-07',
      submittedOn: null,
      revision: 0,
      lastCommit: '10',
      lastPrepare: '1',
      updatedAt: '2019-01-01T00:00:00.000Z',
    });
  });

  it('given a row, evolves the state and keeps the assignment date', () => {
    const first = statusRowAfter(undefined, recorded(assigned(id), 0))!;
    const next = statusRowAfter(first, recorded(revised(0), 1))!;
    expect(next).toMatchObject({ stage: 'drafting', revision: 1, assignedOn: '2019-01-07' });
    expect(next.state.stage).toBe('drafting');
  });

  it('given an assignment that names its regime, when projected, then the row carries it for the list', () => {
    const event = assigned(id);
    const named = { ...event, data: { ...(event.data as object), regime: '2021' } };
    expect(statusRowAfter(undefined, recorded(named, 0))!.regime).toBe('2021');
  });

  it('given an old assignment naming no regime, when projected, then the row has the regime of its year', () => {
    expect(statusRowAfter(undefined, recorded(assigned(id), 0))!.regime).toBe('2016');
  });

  it('refuses a gap in revisions rather than skipping', () => {
    const first = statusRowAfter(undefined, recorded(assigned(id), 0))!;
    expect(() => statusRowAfter(first, recorded(revised(1), 2))).toThrow(/expected 1/);
  });

  it('ignores streams that are not drafts', () => {
    expect(statusRowAfter(undefined, recorded(assigned(id), 0, 'review-x'))).toBeUndefined();
    expect(historyRowOf(recorded(assigned(id), 0, 'review-x'))).toBeUndefined();
  });
});

describe('document_history rows', () => {
  it('records who, when, why and what changed', () => {
    const row = historyRowOf(recorded(revised(2, { reason: 'Góp ý' }), 3))!;
    expect(row).toMatchObject({
      documentId: id,
      revision: 3,
      type: 'DraftRevised',
      actorUser: 'u-test',
      actorRole: 'drafter',
      actorAgency: 'so-khcn',
      occurredAt: '2019-02-01T02:00:00.000Z',
      reason: 'Góp ý',
      changed: ['reason', 'revision', 'summary'],
      commit: '10',
      prepare: '4',
    });
  });

  it("lists the deadline worker's records beside the draft's, each with its stream and revision", () => {
    const reminder = { type: 'DeadlineReminderSent', data: { documentId: id, clockId: 'c', reminder: 1 } };
    const system = {
      ...reminder,
      metadata: { actor: { userId: 'system', role: 'system', agency: 'so-khcn' } },
    };
    expect(historyRowOf(recorded(system as unknown as NewEvent, 0, `deadline-${id}`))).toMatchObject({
      documentId: id,
      stream: 'deadline',
      revision: 0,
      type: 'DeadlineReminderSent',
      actorUser: 'system',
    });
    expect(historyRowOf(recorded(revised(1), 2))).toMatchObject({ stream: 'draft', revision: 2 });
    // The document's revision is the draft stream's alone.
    expect(
      statusRowAfter(undefined, recorded(system as unknown as NewEvent, 0, `deadline-${id}`)),
    ).toBeUndefined();
  });

  it('falls back to the summary as the reason', () => {
    expect(historyRowOf(recorded(revised(1), 2))!.reason).toBe('Chỉnh lý lần 1');
  });
});
