import { defineCommand } from './define-command.js';
import { COUNCIL, RESOLUTION } from './grants.js';
import { decideIssuance, issuance, sampleIssuance } from './issue.command.js';

/** The HĐND chair certifies an adopted resolution: numbered and dated as an issue is. */
export const Certify = defineCommand({
  name: 'Certify',
  input: issuance,
  grants: [{ roles: COUNCIL, from: ['adopted'], kinds: RESOLUTION }],
  labels: { vi: 'Ký chứng thực', en: 'Certify' },
  dateOf: (data) => data.signingDate,
  decide: decideIssuance,
  sample: sampleIssuance,
});
