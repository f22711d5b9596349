// What the frontend server answers before Next.js sees a request, in the API's error format
// (`{error: {code, message}}`) and never echoing the request: Node's parser errors, methods the app has no use for
// (TRACE, CONNECT, WebDAV...), and paths that do not decode (`%ff`), which Next.js would answer with a plain-text 500.
// Loaded by graceful-server.mjs before Next.js creates its server; copied beside it by the build.
import http from 'node:http';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function body(code, message) {
  return JSON.stringify({ error: { code, message } });
}

function send(response, status, code, message, headers = {}) {
  const json = body(code, message);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(json);
}

function decodes(url) {
  try {
    decodeURIComponent(url.split('?')[0]);
    return true;
  } catch {
    return false;
  }
}

const STATUS_CODES = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};
/** JSON, an HTML page, or a page's React Server Components payload (what the browser's router fetches). */
const readable = (type) => /json|html|text\/x-component/.test(String(type ?? ''));

/**
 * An error Next.js answers with an empty or plain-text body (405 from a route handler without that method, 404 of
 * a missing static file, its catch-all 500) leaves as the JSON error of its status instead; JSON (the API's, through
 * the proxy) and pages (HTML or their RSC payload, for a browser) pass unchanged.
 */
function jsonErrors(response) {
  const { writeHead, write, end } = response;
  let json; // set once this response's error is replaced
  const decide = (status, type) => {
    if (json !== undefined || response.headersSent || status < 400 || readable(type)) return;
    const code = STATUS_CODES[status] ?? (status < 500 ? 'VALIDATION_ERROR' : 'INTERNAL_ERROR');
    json = body(code, http.STATUS_CODES[status] ?? 'Error');
    for (const name of ['content-type', 'content-length', 'content-encoding', 'transfer-encoding', 'etag'])
      response.removeHeader(name);
    writeHead.call(response, status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(json),
      'cache-control': 'no-store',
    });
  };
  response.writeHead = (status, ...rest) => {
    const headers = rest.find((arg) => typeof arg === 'object' && arg !== null && !Array.isArray(arg));
    decide(status, headers?.['content-type'] ?? headers?.['Content-Type'] ?? response.getHeader('content-type'));
    return json === undefined ? writeHead.call(response, status, ...rest) : response;
  };
  response.write = (...args) => {
    decide(response.statusCode, response.getHeader('content-type'));
    return json === undefined ? write.apply(response, args) : true;
  };
  response.end = (...args) => {
    decide(response.statusCode, response.getHeader('content-type'));
    if (json === undefined) return end.apply(response, args);
    return end.call(response, response.req?.method === 'HEAD' ? undefined : json);
  };
}

/** The request listener Next.js gives, behind the checks above. */
function guarded(listener) {
  return (request, response) => {
    jsonErrors(response);
    if (!METHODS.has(request.method)) {
      return send(response, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed', { allow: [...METHODS].join(', ') });
    }
    if (!decodes(request.url ?? '/')) return send(response, 400, 'VALIDATION_ERROR', 'Malformed URL');
    return listener(request, response);
  };
}

/** Node's default answers a request it cannot parse with an empty 400 (or 431): this one is JSON. */
function onClientError(error, socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'Request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive']
        : [400, 'VALIDATION_ERROR', 'Malformed HTTP request'];
  const json = body(code, message);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy();
}

/** Every HTTP server made from here on (Next.js makes one) gets the checks and the parser-error answer. */
export function guardHttpServers() {
  const create = http.createServer;
  http.createServer = (...args) => {
    const last = args.length - 1;
    if (typeof args[last] === 'function') args[last] = guarded(args[last]);
    const server = create(...args);
    server.on('clientError', onClientError);
    return server;
  };
}
