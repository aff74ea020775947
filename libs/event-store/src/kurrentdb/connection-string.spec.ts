import { parseConnectionString } from '@kurrent/kurrentdb-client/dist/Client/parseConnectionString.js';
import { createEventStore } from '../store-from-url.js';
import { clientConnectionString, KURRENTDB_SCHEMES } from './connection-string.js';
import { KurrentDBEventStore } from './kurrentdb-event-store.js';

/*
 * The schemes are checked against the installed client's own connection-string parser (the one
 * KurrentDBClient.connectionString calls), so a client release that accepts another scheme, or
 * stops accepting one, fails here rather than in a deployment.
 */

/** The schemes the client's parser names when it refuses a connection string. */
const clientSchemes = (): string[] => {
  let message = '';
  try {
    parseConnectionString('nope://127.0.0.1:2113');
  } catch (error) {
    message = (error as Error).message;
  }
  const expected = /, expected (.*)\.$/.exec(message)?.[1] ?? '';
  return [...expected.matchAll(/([a-z][a-z0-9+]*):\/\//g)].map((m) => m[1]);
};

describe('clientConnectionString', () => {
  it('accepts every scheme the client accepts', () => {
    const schemes = clientSchemes();
    expect(schemes).toEqual(expect.arrayContaining(['kurrentdb', 'kurrent', 'kdb', 'kdb+discover']));
    for (const scheme of schemes) expect(KURRENTDB_SCHEMES).toContain(scheme);
  });

  it.each(KURRENTDB_SCHEMES.map((s) => [s]))(
    'gives the client a string it parses as the same hosts and discovery, for %s://',
    (scheme) => {
      const url = `${scheme}://admin:changeit@node1:2113,node2:2113?tls=false&nodePreference=leader`;
      const parsed = parseConnectionString(clientConnectionString(url));
      expect(parsed).toMatchObject({
        dnsDiscover: scheme.endsWith('+discover'),
        hosts: [
          { address: 'node1', port: 2113 },
          { address: 'node2', port: 2113 },
        ],
        tls: false,
        nodePreference: 'leader',
        defaultCredentials: { username: 'admin', password: 'changeit' },
      });
    },
  );

  it('takes the scheme in any case, and refuses what is not KurrentDB', () => {
    expect(parseConnectionString(clientConnectionString('KDB://node1:2113')).hosts).toEqual([
      { address: 'node1', port: 2113 },
    ]);
    for (const url of ['postgres://x', 'kurrentdbx://x', 'node1:2113', ''])
      expect(() => clientConnectionString(url)).toThrow(/not a KurrentDB URL/);
  });

  // Nothing listens on port 1: the client connects on first use, so opening and closing work.
  it.each(['kurrent', 'kdb', 'kurrent+discover', 'kdb+discover'])(
    'opens the KurrentDB store from EVENT_STORE_URL %s://',
    async (scheme) => {
      const store = await createEventStore(`${scheme}://127.0.0.1:1?tls=false`);
      expect(store).toBeInstanceOf(KurrentDBEventStore);
      await store.close();
    },
  );
});
