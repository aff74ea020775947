import { z } from 'zod';
import { GuardViolation } from '../domain.errors.js';
import { event } from '../draft.events.js';
import { businessDate, isoDate, NUMBER_MAX, text } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { COMMITTEE } from './grants.js';

/** Records the Official Gazette issue an issued document appeared in. */
export const RecordPublication = defineCommand({
  name: 'RecordPublication',
  input: z.strictObject({
    occurredOn: businessDate,
    gazetteIssue: text(NUMBER_MAX).optional(),
    publishedOn: isoDate,
  }),
  grants: [{ roles: COMMITTEE, from: ['issued'] }],
  labels: { vi: 'Ghi nhận đăng Công báo', en: 'Record publication' },
  dateOf: (data) => data.publishedOn,
  decide(data, draft) {
    if (data.publishedOn < draft.signingDate)
      throw new GuardViolation('a document cannot be published before it is signed', 'publication_date');
    return [event('PublicationRecorded', data)];
  },
  sample: (_draft, day) => ({ publishedOn: day }),
});
