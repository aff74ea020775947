// A loopback TCP proxy a test can freeze: while frozen, bytes stop flowing both ways and no close
// is passed on, so the client side sees a silent peer (a cut network), not a closed connection.
import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Stop passing bytes and closes, both ways, on every connection open now. */
  freeze(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; server: Socket; frozen: boolean }>();
  const proxy = createServer((client) => {
    const server = connect({ host: targetHost, port: targetPort });
    const pair = { client, server, frozen: false };
    pairs.add(pair);
    client.on('data', (chunk) => pair.frozen || server.write(chunk));
    server.on('data', (chunk) => pair.frozen || client.write(chunk));
    const end = () => {
      pairs.delete(pair);
      if (pair.frozen) return;
      client.destroy();
      server.destroy();
    };
    client.on('close', end);
    server.on('close', end);
    client.on('error', () => undefined);
    server.on('error', () => undefined);
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  const address = proxy.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    freeze() {
      for (const pair of pairs) pair.frozen = true;
    },
    async close() {
      for (const { client, server } of pairs) {
        client.destroy();
        server.destroy();
      }
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
