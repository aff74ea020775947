import { GuardViolation } from '../domain.errors.js';
import { decide } from '../draft.decide.js';
import { replay } from '../draft.evolve.js';
import { actor, ctxAt, historyTo } from '../testing/fixtures.js';

describe('ChangeRegime (lifecycle.md, "Legal regime of a document")', () => {
  it('given a draft of regime 2016, when the committee office moves it to 2021 with a reason, then the draft follows 2021', () => {
    const history = historyTo('drafting', 'committee_decision', 'standard');
    const draft = replay(history)!;
    expect(draft.regime).toBe('2016');
    const events = decide(
      { type: 'ChangeRegime', data: { regime: '2021', reason: 'Điều khoản chuyển tiếp' } },
      draft,
      ctxAt(actor('committee_office'), '2019-04-01'),
    );
    expect(events).toMatchObject([
      {
        type: 'RegimeChanged',
        data: { regime: '2021', fromRegime: '2016', reason: 'Điều khoản chuyển tiếp' },
      },
    ]);
    expect(replay([...history, ...events])!.regime).toBe('2021');
  });

  it('given a draft of regime 2016, when moved to 2016, then it is refused and nothing is recorded', () => {
    const draft = replay(historyTo('drafting', 'committee_decision', 'standard'))!;
    expect(() =>
      decide(
        { type: 'ChangeRegime', data: { regime: '2016', reason: 'x' } },
        draft,
        ctxAt(actor('committee_office'), '2019-04-01'),
      ),
    ).toThrow(GuardViolation);
  });
});

describe('SetMeetingDate (the UBND meeting a draft is planned for, Art 121, 130)', () => {
  it('given a draft without a meeting, when the lead sets one still to come, then the draft carries it', () => {
    const history = historyTo('drafting', 'committee_decision', 'standard');
    const ctx = ctxAt(actor('drafting_lead'), '2019-04-01');
    const meetingDate = '2019-06-20';
    const events = decide({ type: 'SetMeetingDate', data: { meetingDate } }, replay(history)!, ctx);
    expect(events).toMatchObject([{ type: 'MeetingDateSet', data: { meetingDate } }]);
    const changed = decide(
      { type: 'SetMeetingDate', data: { meetingDate: '2019-07-25', reason: 'Lịch họp thay đổi' } },
      replay([...history, ...events])!,
      ctx,
    );
    expect(replay([...history, ...events, ...changed])!.meetingDate).toBe('2019-07-25');
  });

  it('given a draft, when the meeting named has already passed, then it is refused', () => {
    const draft = replay(historyTo('drafting', 'committee_decision', 'standard'))!;
    expect(() =>
      decide(
        { type: 'SetMeetingDate', data: { meetingDate: '2000-01-01' } },
        draft,
        ctxAt(actor('committee_office'), '2019-04-01'),
      ),
    ).toThrow(/already passed/);
  });
});
