import { DocumentAlreadyExists, DocumentNotFound, Forbidden, GuardViolation } from '../domain.errors.js';
import { actor, AGENCY, ctxAt, DOC, OTHER_AGENCY } from '../testing/fixtures.js';
import { canSeeImplementation, decideImplementation, replayImplementation } from './implementation.js';
import { givenFor } from './registers.given.js';
import type { ImplementationRegistered, ImplementationStatusRecorded } from './registers.events.js';
import type { ImplementationCommand } from './registers.schema.js';

const given = givenFor({ decide: decideImplementation, replay: replayImplementation });
const at = (role: Parameters<typeof actor>[0], agency = AGENCY) => ctxAt(actor(role, agency), '2019-01-15');

const register: ImplementationCommand = {
  type: 'RegisterImplementation',
  data: { agency: AGENCY, year: 2019, title: 'Luật Chuyển giao công nghệ 2017', dueOn: '2019-12-31' },
};
const registered: ImplementationRegistered = {
  type: 'ImplementationRegistered',
  data: {
    implementationId: DOC,
    agency: AGENCY,
    year: 2019,
    title: 'Luật Chuyển giao công nghệ 2017',
    dueOn: '2019-12-31',
    occurredOn: '2019-01-15',
  },
  schemaVersion: 1,
};
const status = (s: 'not_started' | 'in_progress' | 'done', note?: string): ImplementationCommand => ({
  type: 'RecordImplementationStatus',
  data: { status: s, ...(note !== undefined && { note }) },
});
const statusRecorded = (
  s: 'not_started' | 'in_progress' | 'done',
  note?: string,
  occurredOn = '2019-01-15',
): ImplementationStatusRecorded => ({
  type: 'ImplementationStatusRecorded',
  data: { status: s, ...(note !== undefined && { note }), occurredOn },
  schemaVersion: 1,
});
const dated = (command: ImplementationCommand, occurredOn: string): ImplementationCommand =>
  ({ ...command, data: { ...command.data, occurredOn } }) as ImplementationCommand;

describe('RegisterImplementation', () => {
  it('lets the committee office register for any agency; it starts not started', () => {
    const state = given([]).when(register, at('committee_office', 'vp-ubnd')).then([registered]);
    expect(state).toMatchObject({ id: DOC, agency: AGENCY, status: 'not_started', statusRecords: 0 });
  });
  it('lets a drafting lead register for the own agency', () => {
    given([]).when(register, at('drafting_lead')).then([registered]);
  });
  it('refuses a drafting lead of another agency, a drafter, an inspector', () => {
    given([]).when(register, at('drafting_lead', OTHER_AGENCY)).thenThrows(Forbidden);
    given([]).when(register, at('drafter')).thenThrows(Forbidden);
    given([]).when(register, at('inspector')).thenThrows(Forbidden);
  });
  it('refuses registering an existing entry again', () => {
    given([registered]).when(register, at('committee_office')).thenThrows(DocumentAlreadyExists);
  });
});

describe('RecordImplementationStatus', () => {
  it('records the agency drafter’s status and note', () => {
    const state = given([registered])
      .when(status('in_progress', 'Đã xây dựng kế hoạch'), at('drafter'))
      .then([statusRecorded('in_progress', 'Đã xây dựng kế hoạch')]);
    expect(state).toMatchObject({
      status: 'in_progress',
      statusNote: 'Đã xây dựng kế hoạch',
      statusRecords: 1,
    });
  });
  it('forgets the previous note when a status comes without one', () => {
    const state = given([registered, statusRecorded('in_progress', 'x')])
      .when(status('done'), at('drafting_lead'))
      .then([statusRecorded('done')]);
    expect(state).not.toHaveProperty('statusNote');
    expect(state).toMatchObject({ status: 'done', statusRecords: 2 });
  });
  it('accepts the same status with a progress note, refuses it without one', () => {
    given([registered])
      .when(status('not_started', 'chờ hướng dẫn'), at('drafter'))
      .then([statusRecorded('not_started', 'chờ hướng dẫn')]);
    given([registered]).when(status('not_started'), at('drafter')).thenThrows(GuardViolation);
  });
  it('answers not found on a stream that does not exist', () => {
    given([]).when(status('done'), at('drafter')).thenThrows(DocumentNotFound);
  });
  it('refuses another agency’s drafter, the committee office and an inspector', () => {
    given([registered]).when(status('done'), at('drafter', OTHER_AGENCY)).thenThrows(Forbidden);
    given([registered]).when(status('done'), at('committee_office')).thenThrows(Forbidden);
    given([registered]).when(status('done'), at('inspector')).thenThrows(Forbidden);
  });
});

describe('the business date of a register step (lifecycle.md, "Business dates")', () => {
  const later = (role: Parameters<typeof actor>[0], agency = AGENCY) =>
    ctxAt(actor(role, agency), '2026-12-02');

  it('registers as of the day it happened and records a status as of a later day', () => {
    const state = given([])
      .when(dated(register, '2019-01-08'), later('committee_office', 'vp-ubnd'))
      .then([{ ...registered, data: { ...registered.data, occurredOn: '2019-01-08' } }]);
    expect(state).toMatchObject({ lastOn: '2019-01-08' });
    const after = given([{ ...registered, data: { ...registered.data, occurredOn: '2019-01-08' } }])
      .when(dated(status('in_progress'), '2019-03-01'), later('drafter'))
      .then([statusRecorded('in_progress', undefined, '2019-03-01')]);
    expect(after).toMatchObject({ status: 'in_progress', lastOn: '2019-03-01' });
  });

  it('dates a step without occurredOn today in Viet Nam', () => {
    given([registered])
      .when(status('done'), later('drafter'))
      .then([statusRecorded('done', undefined, '2026-12-02')]);
  });

  it('refuses a date in the future', () => {
    const error = given([])
      .when(dated(register, '2019-01-16'), at('committee_office', 'vp-ubnd'))
      .thenThrows(GuardViolation);
    expect((error as GuardViolation).rule).toBe('date_in_future');
    given([registered])
      .when(dated(status('done'), '2019-01-16'), at('drafter'))
      .thenThrows(GuardViolation);
  });

  it('refuses a status dated before the step it follows', () => {
    const error = given([registered, statusRecorded('in_progress', undefined, '2019-03-01')])
      .when(dated(status('done'), '2019-02-28'), later('drafter'))
      .thenThrows(GuardViolation);
    expect((error as GuardViolation).rule).toBe('date_order');
    expect(error.message).toContain('2019-03-01');
  });

  it('takes entries recorded before business dates as they are', () => {
    const { occurredOn: _o, ...undated } = registered.data;
    given([{ ...registered, data: undated }])
      .when(dated(status('done'), '2018-12-31'), later('drafter'))
      .then([statusRecorded('done', undefined, '2018-12-31')]);
  });
});

describe('who sees an implementation entry', () => {
  const entry = replayImplementation([registered])!;
  it('is the own agency, the committee office and inspectors', () => {
    expect(canSeeImplementation(entry, actor('drafter'))).toBe(true);
    expect(canSeeImplementation(entry, actor('drafter', OTHER_AGENCY))).toBe(false);
    expect(canSeeImplementation(entry, actor('committee_office', OTHER_AGENCY))).toBe(true);
    expect(canSeeImplementation(entry, actor('inspector', OTHER_AGENCY))).toBe(true);
    expect(canSeeImplementation(entry, actor('appraiser'))).toBe(false);
  });
});
