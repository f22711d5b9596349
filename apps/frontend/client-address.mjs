// The client's address as the frontend server saw it, for the backend, and the scrape endpoint kept for the
// in-cluster scraper. Loaded by graceful-server.mjs before Next.js creates its server; copied beside it by the build.
import http from 'node:http';
import { BlockList, isIP } from 'node:net';

// The client's address, for the backend: the first address, from the right of the socket's peer and X-Forwarded-For,
// that is not a proxy this deployment puts in front (TRUST_PROXY: addresses, CIDRs, loopback/uniquelocal/linklocal;
// none by default, so the peer itself). X-Forwarded-For is overwritten with it and the other client-address headers
// dropped, before Next.js sees the request: what a client wrote never reaches the backend as its address.
const RANGES = {
  loopback: ['127.0.0.0/8', '::1/128'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
};
const trusted = new BlockList();
for (const entry of (process.env.TRUST_PROXY ?? '').split(',').map((e) => e.trim())) {
  for (const cidr of RANGES[entry] ?? (entry && entry !== 'false' ? [entry] : [])) {
    const [address, bits] = cidr.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(address)) throw new Error(`TRUST_PROXY: not an address, CIDR or range name: ${entry}`);
    if (bits === undefined) trusted.addAddress(address, type);
    else trusted.addSubnet(address, Number(bits), type);
  }
}
const plain = (address) => address.trim().replace(/^::ffff:(?=\d+\.)/, '');
const isTrusted = (address) => isIP(address) !== 0 && trusted.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
const CLIENT_HEADERS = ['forwarded', 'x-real-ip', 'true-client-ip', 'cf-connecting-ip', 'x-client-ip'];

function setClientAddress(request) {
  const forwarded = String(request.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map(plain)
    .filter(Boolean);
  const chain = [plain(request.socket.remoteAddress ?? ''), ...forwarded.reverse()];
  let i = 0;
  while (i < chain.length - 1 && isTrusted(chain[i])) i++;
  request.headers['x-forwarded-for'] = isIP(chain[i]) ? chain[i] : chain[0];
  for (const name of CLIENT_HEADERS) delete request.headers[name];
}

// The scrape endpoint is for the in-cluster scraper, which connects straight to the pod. A request that a proxy
// forwarded (the Ingress always adds X-Forwarded-For) came from outside: /api/metrics, in any spelling, is not found.
const FORWARDING = ['x-forwarded-for', ...CLIENT_HEADERS];
function isForwardedMetrics(request) {
  if (!FORWARDING.some((name) => name in request.headers)) return false;
  try {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    return path.toLowerCase().replace(/\/+$/, '') === '/api/metrics';
  } catch {
    return true;
  }
}

/** Every HTTP server made from here on (Next.js makes one) sets the client's address and keeps metrics inside. */
export function guardClientAddress() {
  const createServer = http.createServer;
  http.createServer = (...args) => {
    const listener = args.pop();
    return createServer(...args, (request, response) => {
      if (isForwardedMetrics(request)) {
        response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
        return response.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'Not found' } }));
      }
      setClientAddress(request);
      return listener(request, response);
    });
  };
}
