import { createConnection, createServer, type Socket } from 'node:net';
import { freePort } from '@todo/local-stack/ports';

/**
 * A TCP relay on 127.0.0.1 to `targetPort`: what one replica's network to a server looks like. `cut()` drops every
 * connection through it and refuses new ones (that replica alone loses the server); `restore()` listens again on
 * the same port.
 */
export async function startTcpProxy(targetPort: number) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen();
  return {
    port,
    async cut(): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    restore: listen,
    async stop(): Promise<void> {
      if (server.listening) await this.cut();
    },
  };
}
