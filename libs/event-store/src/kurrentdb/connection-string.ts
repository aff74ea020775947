/**
 * The URL schemes that select this adapter (createEventStore), with and without `+discover`:
 * every scheme the client's connection-string parser accepts (`kurrentdb`, `kurrent`, `kdb`,
 * and the deprecated `esdb`), checked against the installed client in connection-string.spec.ts.
 */
export const KURRENTDB_SCHEMES: readonly string[] = [
  'kurrentdb',
  'kurrentdb+discover',
  'kurrent',
  'kurrent+discover',
  'kdb',
  'kdb+discover',
  'esdb',
  'esdb+discover',
];

/**
 * EVENT_STORE_URL as the client's connection string: the scheme in lower case (the client's
 * parser takes only that), `esdb` as `kurrentdb` (the same format; the client warns on every
 * connection that `esdb` is deprecated), the rest passed on as it is: hosts (several for gossip
 * seeds), credentials, `tls`, `tlsCAFile`, `nodePreference`, `defaultDeadline` and the client's
 * other settings.
 */
export const clientConnectionString = (url: string): string => {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url.trim());
  const scheme = m?.[1]?.toLowerCase();
  if (scheme === undefined || !KURRENTDB_SCHEMES.includes(scheme)) {
    throw new Error(
      `not a KurrentDB URL: it must start with ${KURRENTDB_SCHEMES.map((s) => `${s}://`).join(', ')}`,
    );
  }
  return `${scheme.replace(/^esdb/, 'kurrentdb')}://${url.trim().slice(m![0].length)}`;
};
