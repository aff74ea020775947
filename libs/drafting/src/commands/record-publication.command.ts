import { z } from 'zod';
import { notInFuture } from '../decision-context.js';
import { GuardViolation } from '../domain.errors.js';
import { event } from '../draft.events.js';
import { isoDate, NUMBER_MAX, text } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { COMMITTEE } from './grants.js';

/** Records the Official Gazette issue an issued document appeared in. */
export const RecordPublication = defineCommand({
  name: 'RecordPublication',
  input: z.strictObject({ gazetteIssue: text(NUMBER_MAX).optional(), publishedOn: isoDate }),
  grants: [{ roles: COMMITTEE, from: ['issued'] }],
  labels: { vi: 'Ghi nhận đăng Công báo', en: 'Record publication' },
  decide(data, draft, ctx) {
    notInFuture(data.publishedOn, ctx, 'publication date');
    if (data.publishedOn < draft.signingDate)
      throw new GuardViolation('a document cannot be published before it is signed', 'publication_date');
    return [event('PublicationRecorded', data)];
  },
  sample: (_draft, day) => ({ publishedOn: day }),
});
