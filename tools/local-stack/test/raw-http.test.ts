// The malformed requests are ones Node's parser refuses (so a test that sends them tests the server's parser errors,
// not its routes), against a bare node:http server.
import { createServer, type Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { malformedRequest, sendRaw } from '../src/raw-http.js';

let server: Server;
let port: number;
const routed: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    routed.push(`${request.method} ${request.url}`);
    response.end('routed');
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 7\r\n\r\nrefused`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('sendRaw', () => {
  it('reads a keep-alive answer up to its Content-Length', async () => {
    const answer = await sendRaw('127.0.0.1', port, 'GET /x HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toMatchObject({ status: 200, body: 'routed' });
  });
});

describe('malformedRequest', () => {
  it("is refused by Node's parser: 400, or 431 past the header limit; never reaches a route", async () => {
    routed.length = 0;
    await fc.assert(
      fc.asyncProperty(malformedRequest, async ({ bytes }) => {
        const answer = await sendRaw('127.0.0.1', port, bytes);
        expect([400, 431], JSON.stringify(bytes.slice(0, 80))).toContain(answer.status);
        expect(answer.body).toBe('refused');
      }),
      { numRuns: 300 },
    );
    expect(routed).toEqual([]);
  });
});
