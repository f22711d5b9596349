// The same-work baseline: a minimal Fastify 5 + `pg` server doing what the API does for its three hot routes, with
// nothing else (no ORM, no plugins, no limits, no logging, no cache): it verifies the same Bearer JWT against the
// backend's own JWKS with `jose`, runs the same SQL on the same database (a write and its audit event in one
// statement) and answers the same JSON. What the API costs beyond it is the framework around the work.
// A Bearer session token or the session cookie costs it what it costs Better Auth uncached: the cookie's HMAC
// checked with the auth secret (AUTH_SECRET in its environment), then the session and its user looked up.
// Plain JavaScript so that its start-up time is Node's and Fastify's only.
// argv: port, then optionally the database URL and the backend's JWKS URL (without them only /constant is served).
import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import pg from 'pg';

const [port, databaseUrl, jwksUrl] = process.argv.slice(2);
const app = Fastify({ logger: false });
app.get('/constant', (_request, reply) => reply.type('application/json').send('{}'));

if (databaseUrl) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const jwks = createLocalJWKSet(await fetch(jwksUrl).then((r) => r.json()));
  const issuer = new URL(jwksUrl).origin; // the backend's BETTER_AUTH_URL, as the bench sets it
  const COLUMNS = 'id, user_id, title, description, completed, priority, tags, due_at, created_at, updated_at';
  const toTask = (row) => ({
    ...row,
    due_at: row.due_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  });
  // A write and its audit event in one statement, as the API writes them: `n` parameters for the write, then the
  // request id, address and user agent.
  const audited = (write, action, n) => `with changed as (${write} returning ${COLUMNS}),
    event as (insert into audit_events (user_id, action, target_id, request_id, ip, user_agent, origin)
      select user_id, '${action}', id::text, $${n + 1}, $${n + 2}, $${n + 3}, 'rest'::audit_origin from changed)
    select * from changed`;
  const source = (request) => [request.id, request.ip, request.headers['user-agent'] ?? null];

  /** The user of a session that has not expired, as Better Auth finds it (the session joined with its user). */
  async function sessionUser(token) {
    const { rows } = await pool.query(
      `select s.user_id from session s join "user" u on u.id = s.user_id where s.token = $1 and s.expires_at > now()`,
      [token],
    );
    return rows[0]?.user_id;
  }
  /** The session token of a signed session cookie (`token.base64(HMAC-SHA256)`), if its signature holds. */
  function cookieToken(header) {
    const value = header?.match(/(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=([^;]+)/)?.[1];
    if (!value) return undefined;
    const signed = decodeURIComponent(value);
    const dot = signed.lastIndexOf('.');
    const token = signed.slice(0, dot);
    const expected = createHmac('sha256', process.env.AUTH_SECRET ?? '')
      .update(token)
      .digest();
    const given = Buffer.from(signed.slice(dot + 1), 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected) ? token : undefined;
  }
  async function caller(request) {
    const bearer = request.headers.authorization?.replace(/^Bearer /, '');
    if (bearer?.split('.').length === 3) {
      const { payload } = await jwtVerify(bearer, jwks, { issuer, audience: issuer }).catch(() => ({}));
      return payload?.sub;
    }
    const token = bearer ?? cookieToken(request.headers.cookie);
    return token && sessionUser(token);
  }

  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/constant') return;
    const userId = await caller(request);
    if (!userId) return reply.code(401).send({ error: { code: 'UNAUTHORIZED' } });
    if (userId !== request.params.user_id) return reply.code(403).send({ error: { code: 'FORBIDDEN' } });
  });

  app.get('/api/:user_id/tasks', async (request) => {
    const limit = Number(request.query.limit ?? 50);
    const { rows } = await pool.query(
      `select ${COLUMNS} from tasks where user_id = $1 order by created_at desc, id desc limit $2`,
      [request.params.user_id, limit + 1],
    );
    const items = rows.slice(0, limit).map(toTask);
    const last = items.at(-1);
    const next_cursor =
      rows.length > limit
        ? Buffer.from(JSON.stringify({ sort: 'created', order: 'desc', value: last.created_at, id: last.id })).toString(
            'base64url',
          )
        : null;
    return { items, next_cursor };
  });

  app.post('/api/:user_id/tasks', async (request, reply) => {
    const { title, description = null, priority = 'medium', tags = [], due_at = null } = request.body;
    const sql = audited(
      'insert into tasks (user_id, title, description, priority, tags, due_at) values ($1, $2, $3, $4, $5, $6)',
      'task.create',
      6,
    );
    const values = [request.params.user_id, title, description, priority, tags, due_at, ...source(request)];
    const { rows } = await pool.query(sql, values);
    return reply.code(201).send(toTask(rows[0]));
  });

  app.patch('/api/:user_id/tasks/:id/complete', async (request, reply) => {
    const sql = audited(
      'update tasks set completed = $3, updated_at = now() where id = $2 and user_id = $1',
      'task.complete',
      3,
    );
    const values = [request.params.user_id, Number(request.params.id), request.body?.completed ?? true];
    const { rows } = await pool.query(sql, [...values, ...source(request)]);
    return rows[0] ? toTask(rows[0]) : reply.code(404).send({ error: { code: 'NOT_FOUND' } });
  });
}

await app.listen({ host: '127.0.0.1', port: Number(port) });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
