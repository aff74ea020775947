import { canSee } from './access.policy.js';
import { authorizingRole, availableCommands } from './draft.decide.js';
import { replay } from './draft.evolve.js';
import type { Draft } from './draft.types.js';
import { actor, historyTo, OTHER_AGENCY } from './testing/fixtures.js';

const at = (...args: Parameters<typeof historyTo>) => replay(historyTo(...args)) as Draft;
const now = '2019-06-01T03:00:00.000Z';

describe('canSee', () => {
  const decision = at('drafting', 'committee_decision');
  const resolution = at('in_appraisal', 'council_resolution');
  it('shows drafters their own agency only', () => {
    expect(canSee(decision, actor('drafter'))).toBe(true);
    expect(canSee(decision, actor('drafting_lead', OTHER_AGENCY))).toBe(false);
  });
  it('shows the appraiser what was ever sent for appraisal', () => {
    expect(canSee(decision, actor('appraiser'))).toBe(false);
    expect(canSee(resolution, actor('appraiser'))).toBe(true);
  });
  it('shows the council office resolutions, the committee office and inspectors all, admins none', () => {
    expect(canSee(decision, actor('council_office'))).toBe(false);
    expect(canSee(resolution, actor('council_office'))).toBe(true);
    expect(canSee(decision, actor('committee_office', OTHER_AGENCY))).toBe(true);
    expect(canSee(decision, actor('inspector', OTHER_AGENCY))).toBe(true);
    expect(canSee(decision, actor('admin'))).toBe(false);
  });
});

describe('authorizingRole', () => {
  const both = { userId: 'u', agency: 'x', roles: ['committee_office', 'council_office'] as const };
  it('names the role that permits the command here', () => {
    expect(authorizingRole('Adopt', at('tabled', 'council_resolution'), both)).toBe('council_office');
    expect(authorizingRole('Adopt', at('submitted', 'committee_decision'), both)).toBe('committee_office');
    expect(authorizingRole('AssignDraft', undefined, actor('committee_office'))).toBe('committee_office');
  });
  it('is undefined when no role of the actor may run it (403)', () => {
    expect(
      authorizingRole('Submit', at('appraised', 'committee_decision'), actor('drafter')),
    ).toBeUndefined();
    expect(
      authorizingRole('Submit', at('appraised', 'committee_decision'), actor('drafting_lead', OTHER_AGENCY)),
    ).toBeUndefined();
    expect(
      authorizingRole('StartDrafting', at('planned', 'committee_decision'), actor('inspector')),
    ).toBeUndefined();
  });
});

describe('availableCommands', () => {
  it('lists what the actor may do now', () => {
    expect(availableCommands(at('revising', 'committee_decision'), actor('drafting_lead'), now)).toEqual([
      'SetMeetingDate',
      'OpenConsultation',
      'RecordRevision',
      'SendForAppraisal',
      'Withdraw',
    ]);
    expect(availableCommands(at('tabled', 'council_resolution'), actor('council_office'), now)).toEqual([
      'Postpone',
      'Adopt',
      'Reject',
    ]);
    expect(availableCommands(at('adopted', 'committee_decision'), actor('committee_office'), now)).toEqual([
      'Issue',
    ]);
  });
  it('leaves out a command whose guard refuses now', () => {
    expect(availableCommands(at('drafting', 'committee_decision'), actor('drafting_lead'), now)).toEqual([
      'SetMeetingDate',
      'OpenConsultation',
      'RecordRevision',
      'Withdraw',
    ]);
    const opened = at('consulting', 'committee_decision');
    expect(availableCommands(opened, actor('drafter'), '2019-02-20T03:00:00.000Z')).toEqual([
      'RecordRevision',
    ]);
    expect(availableCommands(opened, actor('drafter'), now)).toEqual(['CloseConsultation', 'RecordRevision']);
  });
  it('offers nothing to an inspector or on a published document', () => {
    expect(availableCommands(at('submitted', 'committee_decision'), actor('inspector'), now)).toEqual([]);
    expect(availableCommands(at('published', 'committee_decision'), actor('committee_office'), now)).toEqual(
      [],
    );
  });
});
