// The register of documents an agency must implement in a year, each with its latest status.
import type { DecisionContext } from '../decision-context.js';
import { DocumentAlreadyExists, DocumentNotFound, Forbidden, GuardViolation } from '../domain.errors.js';
import type { Actor, Role } from '../roles.js';
import { firstRole, seesRegisterOf } from './registers.access.js';
import { registerDay } from './registers.dates.js';
import {
  registerEvent,
  type ImplementationEvent,
  type ImplementationRegistered,
  type ImplementationStatusRecorded,
} from './registers.events.js';
import type { ImplementationCommand, ImplementationStatus } from './registers.schema.js';

export interface Implementation {
  id: string;
  agency: string;
  year: number;
  title: string;
  legalBasis?: string;
  dueOn?: string;
  status: ImplementationStatus;
  /** The note of the latest status record. */
  statusNote?: string;
  statusRecords: number;
  /** The business date of the entry's latest step (registration or status); a next one may not precede it. */
  lastOn?: string;
}

/** undefined: the stream does not exist. */
export type ImplementationState = undefined | Implementation;

const AGENCY_ROLES: readonly Role[] = ['drafter', 'drafting_lead'];

/**
 * The actor's role that may run the command on this entry, for event metadata; undefined means
 * 403. The committee office registers for any agency, a drafting lead for its own; the status is
 * the agency's own drafters' and leads' to record.
 */
export function implementationAuthorizingRole(
  command: ImplementationCommand,
  state: ImplementationState,
  actor: Actor,
): Role | undefined {
  if (command.type === 'RegisterImplementation') {
    if (actor.roles.includes('committee_office')) return 'committee_office';
    const own = command.data.agency === actor.agency;
    return own && actor.roles.includes('drafting_lead') ? 'drafting_lead' : undefined;
  }
  return state !== undefined && state.agency === actor.agency ? firstRole(actor, AGENCY_ROLES) : undefined;
}

export const canSeeImplementation = (entry: Implementation, actor: Actor): boolean =>
  seesRegisterOf(entry.agency, actor);

/** Refuses in the order of the drafting commands: not found (404), role (403), exists or guard (409). */
export function decideImplementation(
  command: ImplementationCommand,
  state: ImplementationState,
  ctx: DecisionContext,
): ImplementationEvent[] {
  if (state === undefined && command.type !== 'RegisterImplementation')
    throw new DocumentNotFound(ctx.documentId, 'entry');
  if (!implementationAuthorizingRole(command, state, ctx.actor))
    throw new Forbidden(command.type, 'this entry');
  if (command.type === 'RegisterImplementation') {
    if (state !== undefined) throw new DocumentAlreadyExists(ctx.documentId, 'entry');
    const { occurredOn: asked, ...entry } = command.data;
    const occurredOn = registerDay(asked, undefined, undefined, ctx);
    return [
      registerEvent<ImplementationRegistered>('ImplementationRegistered', {
        implementationId: ctx.documentId,
        ...entry,
        occurredOn,
      }),
    ];
  }
  const { status, note } = command.data;
  const occurredOn = registerDay(command.data.occurredOn, undefined, state!.lastOn, ctx);
  if (status === state!.status && note === undefined)
    throw new GuardViolation(
      `the status is already ${status}; add a note to record progress`,
      'status_unchanged',
    );
  return [
    registerEvent<ImplementationStatusRecorded>('ImplementationStatusRecorded', { status, note, occurredOn }),
  ];
}

export function evolveImplementation(
  state: ImplementationState,
  event: ImplementationEvent,
): ImplementationState {
  if (event.type === 'ImplementationRegistered') {
    if (state !== undefined) throw new Error(`ImplementationRegistered on existing entry ${state.id}`);
    const { implementationId, occurredOn, ...rest } = event.data;
    return {
      id: implementationId,
      ...rest,
      status: 'not_started',
      statusRecords: 0,
      ...(occurredOn !== undefined && { lastOn: occurredOn }),
    };
  }
  if (state === undefined)
    throw new Error('an implementation stream must start with ImplementationRegistered');
  const { statusNote: _previous, ...rest } = state;
  return {
    ...rest,
    status: event.data.status,
    ...(event.data.note !== undefined && { statusNote: event.data.note }),
    statusRecords: state.statusRecords + 1,
    ...(event.data.occurredOn !== undefined && { lastOn: event.data.occurredOn }),
  };
}

export const replayImplementation = (events: readonly ImplementationEvent[]): ImplementationState =>
  events.reduce<ImplementationState>(evolveImplementation, undefined);
