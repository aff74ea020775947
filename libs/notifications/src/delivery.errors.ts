/**
 * A delivery answer no retry can mend (a webhook 404/410, an address the mail server rejects
 * for good): the delivery is recorded failed_permanently and its job fails without retrying.
 */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
