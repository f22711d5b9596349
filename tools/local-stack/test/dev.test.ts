// `npm run dev` end to end, as a browser uses it: everything through the frontend's origin (next dev proxies /api/*
// to the backend under `nx serve`), on a fresh database that the backend migrates on start.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort, isPortFree } from '../src/ports.js';
import { startLocalPostgres, type LocalPostgres } from '../src/postgres.js';

const root = resolve(import.meta.dirname, '../../..');
let postgres: LocalPostgres;
let dev: ChildProcess;
let output = '';
let origin: string;
let ports: number[];

beforeAll(async () => {
  postgres = await startLocalPostgres({
    dataDir: mkdtempSync(join(tmpdir(), 'dev-pg-')),
    port: await freePort(),
    ephemeral: true,
  });
  await postgres.createDatabase('todo');
  ports = [await freePort(), await freePort()];
  origin = `http://127.0.0.1:${ports[0]}`;
  // No model provider (the chat's 503), and nothing that would set Better Auth's URL for it.
  const unset = new Set(['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'BETTER_AUTH_URL']);
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !unset.has(key)));
  // Its own process group, as in a terminal, where Ctrl-C signals the whole group.
  dev = spawn('npm', ['run', 'dev'], {
    cwd: root,
    detached: true,
    env: {
      ...env,
      DATABASE_URL: postgres.url('todo'),
      FRONTEND_PORT: String(ports[0]),
      BACKEND_PORT: String(ports[1]),
    },
  });
  await new Promise<void>((ready, fail) => {
    const collect = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Ready (hot reload)')) ready();
    };
    dev.stdout!.on('data', collect);
    dev.stderr!.on('data', collect);
    dev.once('exit', (code) => fail(new Error(`npm run dev exited (${code}):\n${output}`)));
  });
}, 300_000);

/** Ctrl-C in the terminal: SIGINT to the process group. */
async function interrupt() {
  if (dev.exitCode !== null || dev.signalCode !== null) return;
  const exited = new Promise((done) => dev.once('exit', done));
  process.kill(-dev.pid!, 'SIGINT');
  await exited;
}

afterAll(async () => {
  if (dev) await interrupt();
  await postgres?.stop();
});

/** A browser's request: same origin, the session cookie once signed in. */
async function call(method: string, path: string, cookie: string, body?: object) {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { origin, cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

describe('npm run dev', () => {
  it('signs up, creates and edits a task, and the unconfigured chat answers 503, all through the frontend', async () => {
    const signUp = await call('POST', '/api/auth/sign-up/email', '', {
      email: `dev-${Date.now()}@example.com`,
      password: 'a long password',
      name: 'Dev',
    });
    expect(signUp.status, JSON.stringify(signUp.json)).toBe(200);
    const cookie = signUp.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    const { id } = signUp.json.user;

    const created = await call('POST', `/api/${id}/tasks`, cookie, { title: 'Try dev mode', priority: 'high' });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const edited = await call('PUT', `/api/${id}/tasks/${created.json.id}`, cookie, { title: 'Tried dev mode' });
    expect(edited.status, JSON.stringify(edited.json)).toBe(200);
    expect(edited.json).toMatchObject({ title: 'Tried dev mode', priority: 'medium' });
    const listed = await call('GET', `/api/${id}/tasks`, cookie);
    expect(listed.json.items.map((task: { title: string }) => task.title)).toEqual(['Tried dev mode']);

    const chat = await call('POST', `/api/${id}/chat`, cookie, { message: 'hello' });
    expect(chat.status).toBe(503);
    expect(chat.json.error.code).toBe('CHAT_NOT_CONFIGURED');
  }, 180_000);

  it('stops every process it started on Ctrl-C', async () => {
    await interrupt();
    await vi.waitFor(async () => expect(await Promise.all(ports.map(isPortFree))).toEqual([true, true]), {
      timeout: 10_000,
      interval: 250,
    });
  }, 60_000);
});
