// Checks answers against the committed contract (apps/api/openapi.json) with ajv: the schema of
// the operation's documented status and media type, or a failure naming an undocumented status.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

export const CONTRACT = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../apps/api/openapi.json'), 'utf8'),
) as {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, object> };
};

export interface OperationObject {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema: object }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
  security?: object[];
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'contract', components: CONTRACT.components });

const compiled = new Map<string, ReturnType<Ajv2020['compile']>>();
const refsToContract = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"contract#/components/'));

/** Why the answer breaks the contract, or undefined when it keeps it. */
export function contractViolation(
  method: string,
  path: string,
  status: number,
  contentType: string | null,
  body: unknown,
): string | undefined {
  const operation = CONTRACT.paths[path]?.[method.toLowerCase()];
  if (!operation) return `${method} ${path} is not in the contract`;
  const response = operation.responses[String(status)];
  if (!response) return `${operation.operationId} answered ${status}, which it does not document`;
  if (!response.content)
    return body === undefined || body === '' ? undefined : `${status} has no body documented`;
  const media = (contentType ?? '').split(';')[0].trim();
  const content = response.content[media];
  if (!content)
    return `${operation.operationId} ${status} answered ${media}, documented ${Object.keys(response.content)}`;
  const key = `${operation.operationId} ${status} ${media}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(refsToContract(content.schema) as object);
    compiled.set(key, validate);
  }
  if (validate(body)) return undefined;
  return `${key}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 400)}`;
}
