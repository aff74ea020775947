import { z } from 'zod';
import { GuardViolation } from '../domain.errors.js';
import { event } from '../draft.events.js';
import { OPEN_STAGES } from '../draft.types.js';
import { businessDate, reason } from '../input.schema.js';
import { REGIMES, type Regime } from '../regime.rules.js';
import { defineCommand } from './define-command.js';
import { COLLECTIVE, COMMITTEE } from './grants.js';

/**
 * The committee office moves an open document to another legal regime, with the reason a
 * transitional provision gives (lifecycle.md, "Legal regime of a document"; Law 64/2025's
 * transitional articles, unverified). Its guards and clocks follow the new regime from then on.
 */
export const ChangeRegime = defineCommand({
  name: 'ChangeRegime',
  input: z.strictObject({ occurredOn: businessDate, regime: z.enum(REGIMES), reason: reason() }),
  // A Chair's decision exists only in regime 2025 (Law 87/2025): it has no other regime to move to.
  grants: [{ roles: COMMITTEE, from: OPEN_STAGES, kinds: COLLECTIVE }],
  labels: { vi: 'Chuyển chế độ pháp lý', en: 'Change regime' },
  decide(data, draft) {
    if (data.regime === draft.regime)
      throw new GuardViolation(`the document already follows regime ${draft.regime}`, 'regime_unchanged');
    return [event('RegimeChanged', { regime: data.regime, fromRegime: draft.regime, reason: data.reason })];
  },
  sample: (draft) => ({
    regime: (draft.regime === '2025' ? '2021' : '2025') as Regime,
    reason: 'Theo quy định chuyển tiếp của Luật số 64/2025/QH15',
  }),
});
