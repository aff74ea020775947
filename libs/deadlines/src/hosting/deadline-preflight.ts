import { holidayDataCoverage } from '#deadlines';
import { activeRuleBook, assertNoEviction, recomputeProvisionalClocks } from '#deadlines/queue';
import type { SqlClient } from '#event-store';

/**
 * What must hold, or be put right, before reminders are scheduled and run: Redis must not evict
 * keys (it would drop delayed jobs silently), and the clocks counted without holiday data are
 * computed again once this release's calendar covers their year (before the scheduler starts,
 * so their moved jobs go out with its first drain). Warns when the holiday data runs out soon.
 */
export async function deadlinePreflight(
  redisUrl: string,
  sql: SqlClient,
  log: (message: string) => void,
  now: Date = new Date(),
): Promise<void> {
  await assertNoEviction(redisUrl);
  const coverage = holidayDataCoverage(now);
  if (coverage.status !== 'ok') log(`deadlines: ${coverage.message}`);
  const { provisional, recomputed } = await recomputeProvisionalClocks(sql, activeRuleBook());
  if (recomputed > 0)
    log(`deadlines: ${recomputed} provisional clocks computed again with the new holiday data`);
  if (provisional > recomputed)
    log(`deadlines: ${provisional - recomputed} open clocks still counted without holiday data`);
}
