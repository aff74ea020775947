import { SCENARIO_2019, type ScenarioStep, type ScenarioUser } from './scenario-2019.js';

export interface ScenarioReply {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * How a replay reaches the API: one POST as a user. Nothing sets the API's clock: each body
 * carries its business date, so any API whose today is after 2019 takes the scenario.
 */
export interface ScenarioDriver {
  post(
    user: ScenarioUser,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<ScenarioReply>;
}

/** The id and latest revision of each alias, as a client carries them. */
export type ScenarioHandles = Record<string, { id: string; revision: number }>;

export interface ScenarioResult {
  readonly handles: ScenarioHandles;
  /** The position of the last step's last event: read with `consistentWith` to include it. */
  readonly position: string;
}

const CREATES = new Set(['assign', 'record', 'register']);

/** The HTTP request of a step, given what earlier steps created. */
export function requestFor(step: ScenarioStep, handles: ScenarioHandles): { path: string; ifMatch?: string } {
  if (CREATES.has(step.command)) {
    const base = { document: '/documents', review: '/reviews', implementation: '/implementations' };
    return { path: base[step.target] };
  }
  const handle = handles[step.alias];
  if (!handle) throw new Error(`step ${step.alias} ${step.command} comes before its ${step.target} exists`);
  const base = step.target === 'document' ? '/documents' : '/implementations';
  return { path: `${base}/${handle.id}/${step.command}`, ifMatch: `"${handle.revision}"` };
}

/**
 * Sends every step as real HTTP to the public command API, each with its own Idempotency-Key and
 * the entry's revision as If-Match, dated by its body's occurredOn, so replaying the scenario
 * twice answers the first results again and records nothing new. Throws on the first refusal.
 */
export async function replayScenario(
  driver: ScenarioDriver,
  onStep: (step: ScenarioStep, index: number, reply: ScenarioReply) => void = () => undefined,
  script: readonly ScenarioStep[] = SCENARIO_2019,
): Promise<ScenarioResult> {
  const handles: ScenarioHandles = {};
  let position = '';
  const seen = new Map<string, number>();
  for (const [index, step] of script.entries()) {
    const n = seen.get(step.alias) ?? 0;
    seen.set(step.alias, n + 1);
    const { path, ifMatch } = requestFor(step, handles);
    const headers: Record<string, string> = { 'idempotency-key': `scenario-2019.${step.alias}.${n}` };
    if (ifMatch) headers['if-match'] = ifMatch;
    const reply = await driver.post(step.user, path, step.body, headers);
    const expected = CREATES.has(step.command) ? 201 : 200;
    if (reply.status !== expected)
      throw new Error(
        `${step.alias} ${step.command} on ${step.on}: ${reply.status} ${JSON.stringify(reply.body)}`,
      );
    handles[step.alias] = { id: reply.body.documentId ?? reply.body.id, revision: reply.body.revision };
    position = reply.body.position;
    onStep(step, index, reply);
  }
  return { handles, position };
}
