// The baseline: a bare Fastify route answering a constant, pre-serialized payload of the same size as
// the API's first page. What the API costs beyond this is the cost of auth, validation and the database.
import Fastify from 'fastify';

const port = Number(process.argv[2]);
const payload = process.argv[3];
const app = Fastify({ logger: false });
app.get('/constant', (_request, reply) => reply.type('application/json').send(payload));
await app.listen({ host: '127.0.0.1', port });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
