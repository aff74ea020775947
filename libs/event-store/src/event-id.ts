import { v5 as uuidv5 } from 'uuid';

/**
 * Fixed namespace for event ids. Changing it would change every id derived from a command, so a
 * retry after a deploy would no longer be recognised as the same append: never change it.
 */
export const EVENT_ID_NAMESPACE = 'b3c7f0e2-5a4d-4f8e-9c61-2d7a9e4b1f30';

/**
 * The deterministic id of the `index`-th event produced by the command `commandId`: a retried
 * command yields the same ids, which is what makes a repeated append a no-op.
 */
export const eventId = (commandId: string, index: number): string => {
  if (!Number.isSafeInteger(index) || index < 0)
    throw new RangeError(`event index must be >= 0, got ${index}`);
  return uuidv5(`${commandId}/${index}`, EVENT_ID_NAMESPACE);
};
