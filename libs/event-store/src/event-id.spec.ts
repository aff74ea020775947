import { validate, version } from 'uuid';
import { eventId } from './event-id.js';

describe('eventId', () => {
  it('is a UUIDv5 that depends only on the command id and the index', () => {
    const id = eventId('command-1', 0);
    expect(validate(id) && version(id)).toBe(5);
    expect(eventId('command-1', 0)).toBe(id);
    expect(eventId('command-1', 1)).not.toBe(id);
    expect(eventId('command-2', 0)).not.toBe(id);
  });

  it('keeps the ids it has already given out (the namespace never changes)', () => {
    expect(eventId('command-1', 0)).toBe('9e36b484-4a5a-53f9-bd77-7e7e47a2245c');
  });

  it('keeps the index apart from the command id', () => {
    expect(eventId('a', 10)).not.toBe(eventId('a1', 0));
    expect(eventId('a/1', 0)).not.toBe(eventId('a', 10));
  });

  it('refuses a negative or fractional index', () => {
    expect(() => eventId('c', -1)).toThrow(RangeError);
    expect(() => eventId('c', 0.5)).toThrow(RangeError);
  });
});
