// The drafting routes: one operation per command, each body the schema the controller validates
// with (commandSchemas), and the document, its verification, from their answers' shapes.
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import {
  COMMAND_LABELS,
  COMMAND_NAMES,
  commandSchemas,
  CONSULTED_DEPARTMENTS,
  DOCUMENT_KINDS,
  DRAFT_COMMANDS,
  kebabCase,
  ORIGINS,
  PROCEDURES,
  REGIMES,
  STAGES,
  type CommandName,
} from '#drafting';
import {
  AUTHED,
  bearer,
  body,
  createdHeaders,
  documentIdPath,
  etagHeader,
  idempotencyKeyHeader,
  ifMatchHeader,
  isoDate,
  isoInstant,
  json,
  labelSchema,
  positionSchema,
  problems,
  WITH_BODY,
  type Operation,
} from '../http/openapi-parts.js';
import { documentQuerySchema, nextNumberQuerySchema } from './documents.controller.js';

const stage = z.enum(STAGES as [string, ...string[]]).meta({ id: 'Stage' });

export const CommandAnswerSchema = z
  .object({
    documentId: z.uuid(),
    stage,
    revision: z.int().min(0).meta({ description: 'Send it as If-Match with the next command' }),
    position: positionSchema,
    events: z.array(z.string()).meta({ description: 'The types of the events recorded' }),
  })
  .meta({ id: 'CommandAnswer' });

const yearMonth = z.string().regex(/^\d{4}-\d{2}$/);

export const DocumentSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(DOCUMENT_KINDS as [string, ...string[]]),
    procedure: z.enum(PROCEDURES as [string, ...string[]]),
    origin: z.enum(ORIGINS as [string, ...string[]]),
    agency: z.string(),
    title: z.string(),
    year: z.int(),
    regime: z.enum(REGIMES).meta({
      description:
        'The legal regime fixed at assignment (the one in force then); a committee office may move it with a reason',
    }),
    lastOn: isoDate
      .optional()
      .meta({ description: 'Business date of the latest step; the next may not be earlier' }),
    plannedMonth: yearMonth.optional().meta({ description: 'YYYY-MM, present iff origin is programme' }),
    stage,
    stageLabel: labelSchema,
    revisionCount: z.int().min(0),
    consultation: z
      .object({
        openedAt: isoDate,
        closedAt: isoDate.optional(),
        answers: z
          .object(
            Object.fromEntries(CONSULTED_DEPARTMENTS.map((d) => [d, isoDate.optional()])) as Record<
              (typeof CONSULTED_DEPARTMENTS)[number],
              ReturnType<typeof isoDate.optional>
            >,
          )
          .optional()
          .meta({
            description:
              'A decision of the Chair: the date each department that must be consulted answered (Decree 187/2025 Art 51a)',
          }),
      })
      .optional(),
    appraisal: z
      .object({
        pending: z.boolean(),
        outcome: z.enum(['fit', 'not_fit']).optional(),
        reportNumber: z.string().optional(),
        date: isoDate.optional(),
        returnedCount: z.int().min(0),
        sentCount: z.int().min(0),
        sentOn: isoDate.optional().meta({ description: 'Business date of the latest SendForAppraisal' }),
        accepted: z.literal(true).optional().meta({
          description: 'The Department of Justice accepted the dossier last sent as complete (AcceptDossier)',
        }),
        acceptedOn: isoDate.optional().meta({
          description: 'The date of that acceptance: since 2021 the appraisal period counts from it',
        }),
      })
      .optional(),
    everSentForAppraisal: z.boolean(),
    meetingDate: isoDate.optional(),
    sessionDate: isoDate.optional(),
    postponedCount: z.int().min(0),
    verified: z.boolean(),
    adoptedOn: isoDate.optional(),
    documentNumber: z.string().optional(),
    signingDate: isoDate.optional(),
    effectiveDate: isoDate.optional(),
    publishedAt: isoDate.optional(),
    gazetteIssue: z.string().optional(),
    withdrawnFrom: stage.optional(),
    revision: z.int().min(0),
    position: positionSchema,
    availableCommands: z
      .array(z.string())
      .meta({ description: 'The command routes (kebab-case) you may run now; none for an asOf view' }),
    proposals: z
      .record(z.string(), z.object({ documentNumber: z.string() }))
      .optional()
      .meta({
        description:
          'Where an available command enters a number (issue, certify): the next free one, signed today (Art 10(3)(c))',
      }),
  })
  .meta({ id: 'Document' });

export const NextNumberSchema = z
  .object({
    documentId: z.uuid(),
    command: z.enum(['issue', 'certify']).meta({ description: 'The command route that enters the number' }),
    year: z.int(),
    documentNumber: z.string().meta({ description: 'The next free number of the issuer in that year' }),
  })
  .meta({ id: 'NextNumber' });

export const LastSealedSchema = z
  .object({
    sequence: z.int().min(1).meta({ description: 'The newest seal (its root covers every stream)' }),
    sealedAt: isoInstant,
    revision: z.int().min(0).meta({ description: 'The document’s revision that seal covers' }),
  })
  .meta({
    id: 'LastSealed',
    description: 'When the document was last sealed (GET /audit/public-key checks it)',
  });

export const VerifyAnswerSchema = z
  .object({
    documentId: z.uuid(),
    intact: z.boolean(),
    events: z.int().min(0),
    firstMismatch: z
      .object({
        revision: z.int().min(0),
        eventId: z.uuid().nullable().meta({ description: 'null where the event is missing' }),
        reason: z.string(),
      })
      .optional()
      .meta({ description: 'Present when intact is false' }),
    lastSealed: LastSealedSchema.nullable().meta({ description: 'null: the document was never sealed' }),
    rewritten: z
      .object({
        sequence: z.int().min(1),
        revision: z.int().min(0),
        sealedHash: z.string(),
        storedHash: z.string().nullable().meta({ description: 'null where the store no longer holds it' }),
      })
      .optional()
      .meta({
        description:
          'Present when the stored chain, at the revision the last seal covers, differs from the head hash it signed: rewritten (recomputed hashes) or cut',
      }),
  })
  .meta({ id: 'VerifyAnswer' });

const commandBody = (name: CommandName) => {
  const schema = commandSchemas[name];
  return body(schema.meta({ id: `${name}Body` }), !schema.safeParse({}).success);
};

const label = (name: CommandName) => `${COMMAND_LABELS[name].en} (${COMMAND_LABELS[name].vi})`;

function transition(name: CommandName): Operation {
  return {
    tags: ['documents'],
    operationId: name,
    summary: label(name),
    security: bearer,
    requestParams: {
      path: documentIdPath,
      header: z.object({ 'If-Match': ifMatchHeader, 'Idempotency-Key': idempotencyKeyHeader }),
    },
    requestBody: commandBody(name),
    responses: {
      '200': json(
        'Recorded; the new revision and the position of the last event',
        CommandAnswerSchema,
        etagHeader,
      ),
      ...problems(
        ...WITH_BODY,
        ...AUTHED,
        [403, 'Your roles may not run this command'],
        [404, 'No such document, or one of another agency'],
        [409, 'Illegal transition or a rule of the law refused it; nothing was recorded'],
        [412, 'Stale If-Match: the document has changed'],
        422,
        428,
        503,
      ),
    },
  };
}

export function documentPaths(): ZodOpenApiPathsObject {
  const paths: ZodOpenApiPathsObject = {
    '/documents': {
      post: {
        tags: ['documents'],
        operationId: 'AssignDraft',
        summary: label('AssignDraft'),
        security: bearer,
        requestParams: { header: z.object({ 'Idempotency-Key': idempotencyKeyHeader }) },
        requestBody: commandBody('AssignDraft'),
        responses: {
          '201': json('Assigned', CommandAnswerSchema, createdHeaders),
          ...problems(
            ...WITH_BODY,
            ...AUTHED,
            [403, 'Your roles may not assign drafts'],
            [409, 'A rule refused it (or the Idempotency-Key made a document already)'],
            422,
            503,
          ),
        },
      },
    },
    '/documents/{id}': {
      get: {
        tags: ['documents'],
        operationId: 'GetDocument',
        summary: 'The document as it stands, with the commands you may run now',
        description:
          'asOf: the document as it stood then (an ISO date-time with offset, or a date meaning the end of that day in Viet Nam); replayed from its events.',
        security: bearer,
        requestParams: { path: documentIdPath, query: documentQuerySchema },
        responses: {
          '200': json('The document', DocumentSchema, etagHeader),
          ...problems(400, ...AUTHED, [404, 'No such document, or one of another agency'], 503, 504),
        },
      },
    },
    '/documents/{id}/next-number': {
      get: {
        tags: ['documents'],
        operationId: 'NextDocumentNumber',
        summary: 'The next free document number, for whoever may issue or certify the document',
        description:
          'Art 10(3)(c) of the 2015 law: <sequence>/<year>/QĐ-UBND, NQ-HĐND or (a decision of the Chair, Decree 187/2025 Art 51a) QĐ-CTUBND; a decision takes its signing year, a resolution its adoption year. The engine proposes; Issue or Certify reserves.',
        security: bearer,
        requestParams: { path: documentIdPath, query: nextNumberQuerySchema },
        responses: {
          '200': json('The proposal', NextNumberSchema),
          ...problems(
            400,
            ...AUTHED,
            [403, 'Your roles may not number this document'],
            [404, 'No such document, or one of another agency'],
            503,
          ),
        },
      },
    },
    '/documents/{id}/verify': {
      get: {
        tags: ['documents'],
        operationId: 'VerifyDocument',
        summary: 'Recompute the hash chain and name the first event that does not match',
        security: bearer,
        requestParams: { path: documentIdPath },
        responses: {
          '200': json('The verdict (tampering is an answer, never an error)', VerifyAnswerSchema),
          ...problems(400, ...AUTHED, [404, 'No such document, or one of another agency'], 503),
        },
      },
    },
  };
  // One route per command definition; the one that creates a document is POST /documents above.
  for (const name of COMMAND_NAMES.filter((n) => !DRAFT_COMMANDS.definitions[n].creates)) {
    paths[`/documents/{id}/${kebabCase(name)}`] = { post: transition(name) };
  }
  return paths;
}
