/**
 * A global position in the store: `commit` orders transactions (on PostgreSQL the stored order
 * key, the writer's transaction id plus the store's offset: see sql/schema.ts; on KurrentDB the
 * commit position), `prepare` orders events inside one (the row's sequence, or
 * KurrentDB's prepare position). Positions compare by (commit, prepare).
 */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START: Position = { commit: 0n, prepare: 0n };

/** Serialised form used in HTTP answers and query strings: `<commit>-<prepare>`. */
export const formatPosition = (p: Position): string => `${p.commit}-${p.prepare}`;

export const parsePosition = (text: string): Position | undefined => {
  const m = /^(\d{1,20})-(\d{1,20})$/.exec(text);
  return m ? { commit: BigInt(m[1]), prepare: BigInt(m[2]) } : undefined;
};

export const comparePositions = (a: Position, b: Position): number =>
  a.commit === b.commit ? Number(a.prepare - b.prepare) : a.commit < b.commit ? -1 : 1;
