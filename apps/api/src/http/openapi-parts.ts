// Building blocks of the OpenAPI documents each area adds (documents, registers, reports, read
// side): one Problem schema and one way to name answers and the shared headers.

export type Operation = Record<string, unknown>;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** An error answer: always application/problem+json with the Problem schema. */
export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

export const json = (description: string, schema: object) => ({
  description,
  content: { 'application/json': { schema } },
});

export const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'Makes a retry return the first answer (8–128 URL-safe characters)',
  schema: { type: 'string' },
};
