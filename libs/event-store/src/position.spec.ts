import { comparePositions, formatPosition, parsePosition } from './position.js';

describe('position', () => {
  it('round-trips through its text form', () => {
    const p = { commit: 12n, prepare: 345n };
    expect(parsePosition(formatPosition(p))).toEqual(p);
  });
  it('orders by commit, then prepare', () => {
    expect(comparePositions({ commit: 1n, prepare: 9n }, { commit: 2n, prepare: 1n })).toBeLessThan(0);
    expect(comparePositions({ commit: 2n, prepare: 3n }, { commit: 2n, prepare: 1n })).toBeGreaterThan(0);
    expect(comparePositions({ commit: 2n, prepare: 3n }, { commit: 2n, prepare: 3n })).toBe(0);
  });
  it('rejects malformed text', () => {
    expect(parsePosition('12:3')).toBeUndefined();
    expect(parsePosition('-1-2')).toBeUndefined();
  });
});
