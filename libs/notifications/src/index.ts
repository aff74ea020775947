// Notifications: the in-app inbox, e-mail, agency webhooks, the user directory and the durable
// deliveries. Hosted in a process by #deadlines/hosting (DeadlinesModule).
export * from './directory.js';
export { recipientsOf } from './recipients.js';
export { CLOCK_LABELS, noticeMessage, vietnameseDate } from './notice.text.js';
export {
  decodeInboxCursor,
  encodeInboxCursor,
  Inbox,
  type InboxCursor,
  type InboxPage,
  type NotificationRow,
  type NewNotification,
} from './inbox.js';
export { escapeHtml, renderEmail, smtpMailer, type Email, type Mailer } from './email.js';
export { postWebhook, signBody, SIGNATURE_HEADER, type WebhookPayload } from './webhook.js';
export { Deliveries, DELIVERY_QUEUE, type DeliveryOptions } from './deliveries.js';
export {
  DeliveryRecords,
  deliveryJobId,
  type DeliveryChannel,
  type DeliveryJob,
  type DeliveryRow,
  type DeliveryStatus,
} from './delivery.records.js';
export { DeliveryReconciler, type DeliveryReconcileResult } from './delivery.reconciler.js';
export { PermanentDeliveryError } from './delivery.errors.js';
export { DeadlineNotifier, documentTitle } from './deadline.notifier.js';
export { rebuildInbox, type InboxRebuildResult } from './inbox.rebuild.js';
