// Agency webhooks: the body is signed with HMAC-SHA256 under the agency's secret, so the
// receiver can check it came from Draftline and was not changed on the way.
import { createHmac } from 'node:crypto';
import { PermanentDeliveryError } from './delivery.errors.js';

export const SIGNATURE_HEADER = 'x-draftline-signature';

/** `sha256=<hex>` of the raw body under the secret. */
export const signBody = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/** What a webhook receives: ids and times only, never names or e-mail addresses. */
export interface WebhookPayload {
  readonly type: 'deadline.reminder' | 'deadline.missed';
  readonly key: string;
  readonly documentId: string;
  readonly clockId: string;
  readonly clock: string;
  readonly dueAt: string;
}

/** Answers that say the receiver is gone for good: retrying cannot mend them. */
const GONE = new Set([404, 410]);

/**
 * POSTs the payload; throws on a non-2xx answer, so the delivery job retries with backoff, or
 * PermanentDeliveryError on 404/410.
 */
export async function postWebhook(url: string, secret: string, payload: WebhookPayload): Promise<void> {
  const body = JSON.stringify(payload);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(secret, body) },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (res.ok) return;
  const message = `webhook ${new URL(url).host} answered ${res.status}`;
  throw GONE.has(res.status) ? new PermanentDeliveryError(message) : new Error(message);
}
