// The baseline: a bare Fastify route answering a constant, pre-serialized payload (argv[3]). What the API costs beyond
// this is auth, validation and the database; plain JavaScript so that its start-up time is Node's and Fastify's only.
import Fastify from 'fastify';

const port = Number(process.argv[2]);
const payload = process.argv[3] ?? '{}';
const app = Fastify({ logger: false });
app.get('/constant', (_request, reply) => reply.type('application/json').send(payload));
await app.listen({ host: '127.0.0.1', port });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
