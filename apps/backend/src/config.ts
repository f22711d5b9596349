import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

/** Every setting is an environment variable, read and checked once at start-up. */
export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  database: {
    url: string;
    /**
     * PostgreSQL itself when `url` goes through a pooler: migrations hold a session-level advisory lock, which a
     * transaction-mode pooler would hand to another client. Equal to `url` without a pooler.
     */
    directUrl: string;
    /** `url` is a transaction-mode pooler (PgBouncer): no session state, no startup parameters beyond its own. */
    transactionPooling: boolean;
    poolMax: number;
    statementTimeoutMs: number;
    sslMode: 'disable' | 'require' | 'verify-full';
    /** PEM of the CA that verify-full trusts; undefined: Node's built-in CAs (`DATABASE_SSL_CA_FILE=system`). */
    sslCa?: string;
  };
  auth: {
    secret: string;
    url: string;
    /** Per client IP and minute, on each endpoint that checks a password or creates a session. */
    rateLimitMax: number;
    /** Failed password checks of one account before it is locked (a minute, doubling with each further failure). */
    lockoutThreshold: number;
    /** A Bearer JWT's session is looked up at most this often per replica: the delay before a revocation holds there. */
    jwtSessionCheckSeconds: number;
  };
  /** Requests per minute, per process: per client IP on every route but the probes, per user on the user's data. */
  rateLimit: { perIpMax: number; perUserMax: number };
  corsOrigins: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * The proxies in front of the backend (addresses, CIDRs, or loopback/uniquelocal/linklocal): the client's address
   * is the first one in X-Forwarded-For, from the right, that is not one of them; nothing a client wrote further left.
   */
  trustProxy: string[];
  /** The interactive API reference at /docs (`API_DOCS`; on unless NODE_ENV=production). /openapi.json is always served. */
  apiDocs: boolean;
  migrateOnStart: boolean;
  shutdownDrainMs: number;
  /** Tracing is on only when an OTLP endpoint is set; the SDK reads the other OTEL_* variables itself. */
  otlp: { endpoint: string; protocol: 'http/protobuf' | 'http/json' } | undefined;
  /** The chat's model provider (any OpenAI-compatible API); undefined when neither a key nor a URL is set. */
  chat: ChatConfig | undefined;
  /** The optional Redis (Better Auth's session store, the task list cache); undefined without REDIS_URL. */
  redis: RedisConfig | undefined;
}

export interface RedisConfig {
  url: string;
  /** Kept out of the URL so that a Secret can hold it alone (REDIS_PASSWORD). */
  password: string | undefined;
  /** Per command: a Redis that stops answering costs a request at most this long, then it is skipped. */
  timeoutMs: number;
  /** How long a page of GET /api/:user_id/tasks stays cached (any write by its user ends it at once). */
  listTtlSeconds: number;
}

export interface ChatConfig {
  baseUrl: string;
  apiKey: string | undefined;
  model: string;
  timeoutMs: number;
  maxToolRounds: number;
  /** Chat messages per user per minute: every one costs a model call. */
  rateLimitMax: number;
}

/** Known to development and tests only: production refuses to start without a secret of its own. */
export const DEVELOPMENT_AUTH_SECRET = 'development-only-secret-never-use-in-production';

/** Its message is one line that names the variable. */
export class ConfigError extends Error {}

/** Reads the environment; throws a ConfigError naming the first bad or missing variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const env = new EnvReader(source);
  const nodeEnv = env.oneOf('NODE_ENV', ['development', 'test', 'production'], 'development');
  const host = env.string('HOST', '127.0.0.1');
  const port = env.int('PORT', 3001, 1, 65535);
  const databaseUrl = env.string('DATABASE_URL');
  if (!/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  const transactionPooling = env.bool('DATABASE_TRANSACTION_POOLING', false);
  const directUrl = env.optional('DATABASE_DIRECT_URL');
  if (directUrl !== undefined && !/^postgres(ql)?:\/\//.test(directUrl))
    throw new ConfigError('DATABASE_DIRECT_URL must start with postgres:// or postgresql://');
  if (transactionPooling && directUrl === undefined)
    throw new ConfigError(
      'DATABASE_DIRECT_URL is required with DATABASE_TRANSACTION_POOLING=true: migrations lock PostgreSQL itself',
    );
  const secret = env.optional('BETTER_AUTH_SECRET');
  if (secret === undefined && nodeEnv === 'production') {
    throw new ConfigError('BETTER_AUTH_SECRET is required in production (at least 32 characters)');
  }
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError(`BETTER_AUTH_SECRET must be at least 32 characters (got ${secret.length})`);
  }
  const authUrl = env.string('BETTER_AUTH_URL', `http://${host}:${port}`);
  if (!URL.canParse(authUrl) || !/^https?:/.test(authUrl))
    throw new ConfigError(`BETTER_AUTH_URL must be an http(s) URL (got "${authUrl}")`);

  const otlpEndpoint = env.optional('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (otlpEndpoint !== undefined && (!URL.canParse(otlpEndpoint) || !/^https?:/.test(otlpEndpoint)))
    throw new ConfigError(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL (got "${otlpEndpoint}")`);

  const sslMode = env.oneOf('DATABASE_SSL_MODE', ['disable', 'require', 'verify-full'], 'disable');
  const sslCa = readSslCa(sslMode, env.optional('DATABASE_SSL_CA_FILE'));

  const chatKey = env.optional('OPENAI_API_KEY');
  const chatUrl = env.optional('OPENAI_BASE_URL');
  if (chatUrl !== undefined && (!URL.canParse(chatUrl) || !/^https?:/.test(chatUrl)))
    throw new ConfigError(`OPENAI_BASE_URL must be an http(s) URL (got "${chatUrl}")`);
  const chat: ChatConfig | undefined =
    chatKey === undefined && chatUrl === undefined
      ? undefined
      : {
          baseUrl: (chatUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, ''),
          apiKey: chatKey,
          model: env.string('OPENAI_MODEL', 'gpt-4o-mini'),
          timeoutMs: env.int('CHAT_TIMEOUT_MS', 60_000, 1000, 600_000),
          maxToolRounds: env.int('CHAT_MAX_TOOL_ROUNDS', 5, 1, 20),
          rateLimitMax: env.int('CHAT_RATE_LIMIT_MAX', 20, 1, 100_000),
        };

  const redisUrl = env.optional('REDIS_URL');
  if (redisUrl !== undefined && (!URL.canParse(redisUrl) || !/^rediss?:\/\//.test(redisUrl)))
    throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL');
  const redisPassword = env.optional('REDIS_PASSWORD');
  if (redisPassword !== undefined && redisUrl === undefined)
    throw new ConfigError('REDIS_PASSWORD is set but REDIS_URL is not');
  if (redisPassword !== undefined && new URL(redisUrl!).password)
    throw new ConfigError('REDIS_PASSWORD is set but REDIS_URL carries a password too: keep one');
  const redis: RedisConfig | undefined = redisUrl
    ? {
        url: redisUrl,
        password: redisPassword,
        timeoutMs: env.int('REDIS_TIMEOUT_MS', 500, 10, 10_000),
        listTtlSeconds: env.int('TASK_LIST_CACHE_TTL_SECONDS', 5, 1, 300),
      }
    : undefined;

  return {
    env: nodeEnv,
    host,
    port,
    database: {
      url: databaseUrl,
      directUrl: directUrl ?? databaseUrl,
      transactionPooling,
      poolMax: env.int('DATABASE_POOL_MAX', 10, 1, 1000),
      statementTimeoutMs: env.int('DATABASE_STATEMENT_TIMEOUT_MS', 10_000, 0, 600_000),
      sslMode,
      sslCa,
    },
    auth: {
      secret: secret ?? DEVELOPMENT_AUTH_SECRET,
      url: authUrl,
      rateLimitMax: env.int('AUTH_RATE_LIMIT_MAX', 10, 1, 100_000),
      lockoutThreshold: env.int('AUTH_LOCKOUT_THRESHOLD', 10, 1, 1000),
      jwtSessionCheckSeconds: env.int('AUTH_JWT_SESSION_CHECK_SECONDS', 10, 1, 300),
    },
    rateLimit: {
      perIpMax: env.int('IP_RATE_LIMIT_MAX', 1200, 1, 10_000_000),
      perUserMax: env.int('USER_RATE_LIMIT_MAX', 600, 1, 10_000_000),
    },
    corsOrigins: env
      .string('CORS_ORIGINS', '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    logLevel: env.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    trustProxy: trustedProxies(env.optional('TRUST_PROXY')),
    apiDocs: env.bool('API_DOCS', nodeEnv !== 'production'),
    migrateOnStart: env.bool('MIGRATE_ON_START', false),
    shutdownDrainMs: env.int('SHUTDOWN_DRAIN_MS', 5000, 0, 120_000),
    otlp: otlpEndpoint
      ? {
          endpoint: otlpEndpoint,
          // gRPC is not bundled: the two OTLP/HTTP encodings are.
          protocol: env.oneOf('OTEL_EXPORTER_OTLP_PROTOCOL', ['http/protobuf', 'http/json'], 'http/protobuf'),
        }
      : undefined,
    chat,
    redis,
  };
}

/** Names that stand for address ranges (proxy-addr's): the loopback, private (pods, containers) and link-local ones. */
const PROXY_RANGES = new Set(['loopback', 'uniquelocal', 'linklocal']);

/**
 * TRUST_PROXY: the proxies in front, as addresses, CIDRs or range names, comma-separated; `false` or empty for none.
 * `true` would take any address a client writes, so it is refused.
 */
function trustedProxies(raw: string | undefined): string[] {
  if (raw === undefined || raw === 'false') return [];
  if (raw === 'true')
    throw new ConfigError(
      'TRUST_PROXY=true would trust any X-Forwarded-For a client sends: list the proxies in front (e.g. uniquelocal)',
    );
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const version = isIP(address);
    const prefixOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32));
    if (!PROXY_RANGES.has(entry) && (!version || !prefixOk || extra !== undefined))
      throw new ConfigError(
        `TRUST_PROXY must list addresses, CIDRs or loopback, uniquelocal, linklocal (got "${entry}")`,
      );
  }
  return entries;
}

/**
 * The CA of DATABASE_SSL_CA_FILE, read once: verify-full needs one (like libpq's sslrootcert), `system` meaning the
 * built-in public CAs; the other modes verify nothing, so a CA there would only suggest otherwise.
 */
function readSslCa(mode: Config['database']['sslMode'], file: string | undefined): string | undefined {
  if (mode !== 'verify-full') {
    if (file !== undefined)
      throw new ConfigError(`DATABASE_SSL_CA_FILE is only used with DATABASE_SSL_MODE=verify-full`);
    return undefined;
  }
  if (file === undefined)
    throw new ConfigError(
      'DATABASE_SSL_CA_FILE is required with DATABASE_SSL_MODE=verify-full (a PEM file of the CA, or "system")',
    );
  if (file === 'system') return undefined;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`DATABASE_SSL_CA_FILE cannot be read: ${(error as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new ConfigError(`DATABASE_SSL_CA_FILE holds no PEM certificate (${file})`);
  return pem;
}

class EnvReader {
  constructor(private readonly source: NodeJS.ProcessEnv) {}

  optional(name: string): string | undefined {
    const value = this.source[name];
    return value === undefined || value === '' ? undefined : value;
  }

  string(name: string, fallback?: string): string {
    const value = this.optional(name) ?? fallback;
    if (value === undefined) throw new ConfigError(`${name} is required`);
    return value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    return this.oneOf(name, ['true', 'false'], String(fallback) as 'true' | 'false') === 'true';
  }

  oneOf<const T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.optional(name) ?? fallback;
    if (!allowed.includes(value as T))
      throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return value as T;
  }
}
