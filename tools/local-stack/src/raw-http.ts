// For tests of a server's protocol errors: requests Node's HTTP parser refuses, generated, and a raw socket that
// sends bytes as they are (an HTTP client would refuse to send them).
import { connect } from 'node:net';
import fc from 'fast-check';
// The ESM declaration, also for importers that resolve with "bundler" (the e2e project): its own fast-check is that one.
import type { Arbitrary } from 'fast-check' with { 'resolution-mode': 'import' };

export interface RawAnswer {
  status: number;
  head: string;
  body: string;
}

/** Writes raw bytes to host:port and reads the answer until the server closes or its body is complete. */
export function sendRaw(host: string, port: number, bytes: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    let answer = '';
    const parts = () => {
      const [head, body = ''] = answer.split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), head, body };
    };
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => {
      answer += chunk;
      // A keep-alive answer (a request that parsed): stop once its body is in.
      const { head, body } = parts();
      const length = /content-length: (\d+)/i.exec(head)?.[1];
      if (length !== undefined && Buffer.byteLength(body, 'latin1') >= Number(length)) socket.end();
    });
    // After a protocol error the server closes at once: a reset may follow the answer while bytes are still unsent.
    socket.on('error', (error) => (answer ? undefined : reject(error)));
    socket.on('close', () => resolve(parts()));
    socket.write(bytes, 'latin1');
  });
}

/** Short strings of URL-safe and a few reserved characters: methods, paths, header names, versions. */
const token = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.~!*/%'), minLength: 4, maxLength: 40 });

/**
 * Requests Node's parser refuses (400, or 431 past its 16 KiB header limit), with the generated part (`sent`) that
 * the answer must not echo: malformed request lines, headers with a control character or no colon, oversized headers.
 */
export const malformedRequest: Arbitrary<{ sent: string; bytes: string }> = fc.oneof(
  // A request line that is not one: a bad method, a space in the path, a bad version.
  fc.tuple(token, token).map(([method, path]) => ({ sent: path, bytes: `${method} /${path} x\r\n\r\n` })),
  fc.tuple(token, token).map(([a, b]) => ({ sent: b, bytes: `GET /${a} ${b}/9.9\r\n\r\n` })),
  // A header with a control character or no colon.
  token.map((name) => ({ sent: name, bytes: `GET / HTTP/1.1\r\nHost: x\r\n${name}\u0001: y\r\n\r\n` })),
  token.map((name) => ({ sent: name, bytes: `GET / HTTP/1.1\r\nHost: x\r\n${name}\r\n\r\n` })),
  // Headers past Node's limit (16 KiB), by a generated margin.
  fc.integer({ min: 16 * 1024, max: 80 * 1024 }).map((size) => ({
    sent: 'a'.repeat(64),
    bytes: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(size)}\r\n\r\n`,
  })),
);
