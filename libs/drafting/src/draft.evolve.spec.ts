import { replay } from './draft.evolve.js';
import { EV, historyTo } from './testing/fixtures.js';

describe('evolve', () => {
  it('keeps the state plain JSON at every stage', () => {
    for (const kind of ['committee_decision', 'council_resolution'] as const) {
      const state = replay(historyTo('published', kind));
      expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
    }
  });
  it('refuses a stream that does not start with DraftAssigned', () => {
    expect(() => replay([EV.started])).toThrow(/cannot start/);
  });
  it('remembers the stage a draft was withdrawn from', () => {
    expect(replay(historyTo('withdrawn', 'committee_decision'))).toMatchObject({
      stage: 'withdrawn',
      withdrawnFrom: 'drafting',
    });
  });
  it('counts returned dossiers and appraisals sent', () => {
    const returned = { type: 'DossierReturned' as const, data: { reason: 'r' }, schemaVersion: 1 as const };
    const state = replay([...historyTo('in_appraisal', 'committee_decision'), returned, EV.sent, EV.notFit]);
    expect(state?.appraisal).toEqual({
      pending: false,
      returnedCount: 1,
      sentCount: 2,
      outcome: 'not_fit',
      reportNumber: '44/BC-STP',
      date: '2019-03-18',
    });
  });
});
