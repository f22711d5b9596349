import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEVELOPMENT_AUTH_SECRET, loadConfig } from './config.js';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/todo' };
const errorOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 3001,
      database: {
        url: base.DATABASE_URL,
        directUrl: base.DATABASE_URL,
        transactionPooling: false,
        poolMax: 10,
        statementTimeoutMs: 10_000,
        sslMode: 'disable',
      },
      auth: { secret: DEVELOPMENT_AUTH_SECRET, url: 'http://127.0.0.1:3001', rateLimitMax: 10 },
      rateLimit: { perIpMax: 1200, perUserMax: 600 },
      corsOrigins: [],
      trustProxy: [],
      migrateOnStart: false,
      shutdownDrainMs: 5000,
      otlp: undefined,
      chat: undefined,
      redis: undefined,
    });
  });

  it('turns Redis on with REDIS_URL', () => {
    expect(loadConfig({ ...base, REDIS_URL: 'redis://:secret@redis:6379/0' }).redis).toEqual({
      url: 'redis://:secret@redis:6379/0',
      password: undefined,
      timeoutMs: 500,
      listTtlSeconds: 5,
    });
    const tuned = loadConfig({
      ...base,
      REDIS_URL: 'rediss://cache.example:6380',
      REDIS_PASSWORD: 'p@ss',
      REDIS_TIMEOUT_MS: '100',
      TASK_LIST_CACHE_TTL_SECONDS: '30',
    });
    expect(tuned.redis).toEqual({
      url: 'rediss://cache.example:6380',
      password: 'p@ss',
      timeoutMs: 100,
      listTtlSeconds: 30,
    });
  });

  it('sends migrations past a transaction-mode pooler to DATABASE_DIRECT_URL', () => {
    const direct = 'postgres://u:p@postgres:5432/todo';
    expect(
      loadConfig({ ...base, DATABASE_TRANSACTION_POOLING: 'true', DATABASE_DIRECT_URL: direct }).database,
    ).toMatchObject({ url: base.DATABASE_URL, directUrl: direct, transactionPooling: true });
    expect(loadConfig({ ...base, DATABASE_DIRECT_URL: direct }).database).toMatchObject({
      directUrl: direct,
      transactionPooling: false,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...base,
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '8080',
      DATABASE_POOL_MAX: '20',
      DATABASE_STATEMENT_TIMEOUT_MS: '0',
      DATABASE_SSL_MODE: 'verify-full',
      DATABASE_SSL_CA_FILE: 'system',
      BETTER_AUTH_SECRET: 'x'.repeat(32),
      BETTER_AUTH_URL: 'https://todo.local',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'uniquelocal, 127.0.0.1, fd00::/8',
      MIGRATE_ON_START: 'true',
      SHUTDOWN_DRAIN_MS: '0',
      AUTH_RATE_LIMIT_MAX: '3',
      IP_RATE_LIMIT_MAX: '100',
      USER_RATE_LIMIT_MAX: '50',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    expect(config).toMatchObject({
      env: 'production',
      port: 8080,
      database: { poolMax: 20, statementTimeoutMs: 0, sslMode: 'verify-full', sslCa: undefined },
      auth: { url: 'https://todo.local', rateLimitMax: 3 },
      rateLimit: { perIpMax: 100, perUserMax: 50 },
      corsOrigins: ['https://a.example', 'https://b.example'],
      logLevel: 'warn',
      trustProxy: ['uniquelocal', '127.0.0.1', 'fd00::/8'],
      migrateOnStart: true,
      shutdownDrainMs: 0,
      otlp: { endpoint: 'http://jaeger:4318', protocol: 'http/json' },
    });
  });

  it('defaults the OTLP protocol to http/protobuf', () => {
    const config = loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
    expect(config.otlp).toEqual({ endpoint: 'http://127.0.0.1:4318', protocol: 'http/protobuf' });
  });

  it('reads the CA of verify-full once, at start-up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-ca-'));
    try {
      const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
      writeFileSync(join(dir, 'ca.crt'), pem);
      const env = { ...base, DATABASE_SSL_MODE: 'verify-full', DATABASE_SSL_CA_FILE: join(dir, 'ca.crt') };
      expect(loadConfig(env).database.sslCa).toBe(pem);
      writeFileSync(join(dir, 'ca.crt'), 'not a certificate');
      expect(errorOf(env)).toBe(`DATABASE_SSL_CA_FILE holds no PEM certificate (${join(dir, 'ca.crt')})`);
      rmSync(join(dir, 'ca.crt'));
      expect(errorOf(env)).toMatch(/^DATABASE_SSL_CA_FILE cannot be read: ENOENT: no such file or directory/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns chat on with a key (OpenAI) or a base URL (any compatible API)', () => {
    expect(loadConfig({ ...base, OPENAI_API_KEY: 'sk-test' }).chat).toEqual({
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-test',
      model: 'gpt-4o-mini',
      timeoutMs: 60_000,
      maxToolRounds: 5,
      rateLimitMax: 20,
    });
    const local = loadConfig({
      ...base,
      OPENAI_BASE_URL: 'http://ollama:11434/v1/',
      OPENAI_MODEL: 'llama3.1',
      CHAT_TIMEOUT_MS: '5000',
      CHAT_MAX_TOOL_ROUNDS: '2',
      CHAT_RATE_LIMIT_MAX: '3',
    });
    expect(local.chat).toEqual({
      baseUrl: 'http://ollama:11434/v1',
      apiKey: undefined,
      model: 'llama3.1',
      timeoutMs: 5000,
      maxToolRounds: 2,
      rateLimitMax: 3,
    });
  });

  it.each([
    [{}, /^DATABASE_URL is required/],
    [{ ...base, OPENAI_BASE_URL: 'ollama:11434' }, /^OPENAI_BASE_URL must be an http\(s\) URL/],
    [{ ...base, OPENAI_API_KEY: 'k', CHAT_MAX_TOOL_ROUNDS: '0' }, /^CHAT_MAX_TOOL_ROUNDS must be a whole number/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must start with postgres/],
    [{ ...base, PORT: 'abc' }, /^PORT must be a whole number from 1 to 65535 \(got "abc"\)/],
    [{ ...base, PORT: '70000' }, /^PORT must be/],
    [{ ...base, DATABASE_POOL_MAX: '0' }, /^DATABASE_POOL_MAX must be/],
    [
      { ...base, DATABASE_TRANSACTION_POOLING: 'true' },
      /^DATABASE_DIRECT_URL is required with DATABASE_TRANSACTION_POOLING=true: migrations lock PostgreSQL itself$/,
    ],
    [{ ...base, DATABASE_DIRECT_URL: 'pgbouncer:6432' }, /^DATABASE_DIRECT_URL must start with postgres/],
    [{ ...base, DATABASE_TRANSACTION_POOLING: 'on' }, /^DATABASE_TRANSACTION_POOLING must be one of true, false/],
    [{ ...base, DATABASE_SSL_MODE: 'prefer' }, /^DATABASE_SSL_MODE must be one of disable, require, verify-full/],
    [
      { ...base, DATABASE_SSL_MODE: 'verify-full' },
      /^DATABASE_SSL_CA_FILE is required with DATABASE_SSL_MODE=verify-full \(a PEM file of the CA, or "system"\)$/,
    ],
    [
      { ...base, DATABASE_SSL_MODE: 'require', DATABASE_SSL_CA_FILE: 'system' },
      /^DATABASE_SSL_CA_FILE is only used with DATABASE_SSL_MODE=verify-full$/,
    ],
    [{ ...base, LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ ...base, TRUST_PROXY: 'yes' }, /^TRUST_PROXY must list addresses, CIDRs/],
    [{ ...base, TRUST_PROXY: 'true' }, /^TRUST_PROXY=true would trust any X-Forwarded-For/],
    [{ ...base, TRUST_PROXY: '1' }, /^TRUST_PROXY must list addresses, CIDRs/],
    [{ ...base, TRUST_PROXY: '10.0.0.0/33' }, /^TRUST_PROXY must list addresses, CIDRs/],
    [{ ...base, NODE_ENV: 'staging' }, /^NODE_ENV must be one of/],
    [{ ...base, BETTER_AUTH_SECRET: 'short' }, /^BETTER_AUTH_SECRET must be at least 32 characters \(got 5\)/],
    [{ ...base, NODE_ENV: 'production' }, /^BETTER_AUTH_SECRET is required in production/],
    [{ ...base, BETTER_AUTH_URL: 'todo.local' }, /^BETTER_AUTH_URL must be an http\(s\) URL/],
    [{ ...base, REDIS_URL: 'redis:6379' }, /^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL$/],
    [{ ...base, REDIS_URL: 'http://redis:6379' }, /^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL$/],
    [{ ...base, REDIS_PASSWORD: 'p' }, /^REDIS_PASSWORD is set but REDIS_URL is not$/],
    [{ ...base, REDIS_URL: 'redis://:a@r', REDIS_PASSWORD: 'b' }, /^REDIS_PASSWORD is set but REDIS_URL carries a/],
    [{ ...base, REDIS_URL: 'redis://r', REDIS_TIMEOUT_MS: '0' }, /^REDIS_TIMEOUT_MS must be a whole number/],
    [
      { ...base, REDIS_URL: 'redis://r', TASK_LIST_CACHE_TTL_SECONDS: '600' },
      /^TASK_LIST_CACHE_TTL_SECONDS must be a whole number from 1 to 300/,
    ],
    [{ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' }, /^OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/],
    [
      { ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      /^OTEL_EXPORTER_OTLP_PROTOCOL must be one of http\/protobuf, http\/json/,
    ],
  ])('rejects %o naming the variable', (env, message) => {
    const text = errorOf(env as Record<string, string>);
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });

  it('never echoes the secret', () => {
    expect(errorOf({ ...base, BETTER_AUTH_SECRET: 'hunter2' })).not.toContain('hunter2');
    expect(errorOf({ ...base, OPENAI_API_KEY: 'sk-hunter2', OPENAI_BASE_URL: 'x' })).not.toContain('hunter2');
  });
});
