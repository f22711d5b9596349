import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FRONTEND_CACHE_DIR } from '../src/docker.js';

const file = resolve(import.meta.dirname, '../../../deploy/compose/compose.yaml');
const text = readFileSync(file, 'utf8');
const compose = parse(text, { merge: true }) as {
  services: Record<string, Record<string, unknown> & { depends_on?: Record<string, { condition: string }> }>;
  volumes: Record<string, unknown>;
};
const apps = ['migrate', 'backend', 'frontend'];

describe('deploy/compose/compose.yaml', () => {
  it('has the whole stack: PostgreSQL with a volume, one-shot migrations, backend, frontend', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['backend', 'frontend', 'migrate', 'postgres']);
    expect(compose.services.postgres.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect(compose.volumes).toHaveProperty('postgres-data');
    expect(compose.services.migrate.command).toEqual(['migrate']);
    expect(compose.services.migrate.restart).toBe('no');
  });

  it('starts each service only when what it needs is healthy or done', () => {
    expect(compose.services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(compose.services.backend.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(compose.services.frontend.depends_on).toEqual({ backend: { condition: 'service_healthy' } });
    expect(compose.services.postgres.healthcheck).toBeDefined();
  });

  it.each(apps)('runs %s locked down: read-only, user 10001, no capabilities, no new privileges', (name) => {
    const service = compose.services[name];
    // Writable: /tmp, and the frontend's image cache.
    const tmpfs = name === 'frontend' ? ['/tmp', FRONTEND_CACHE_DIR] : ['/tmp'];
    expect(service).toMatchObject({ read_only: true, user: '10001:10001', cap_drop: ['ALL'], tmpfs });
    expect(service.security_opt).toContain('no-new-privileges:true');
    expect(service.image).toMatch(/todo-(backend|frontend):\$\{IMAGE_TAG:-local\}$/);
  });

  it('publishes only the frontend, on 127.0.0.1', () => {
    const published = Object.entries(compose.services).filter(([, s]) => s.ports);
    expect(published.map(([name]) => name)).toEqual(['frontend']);
    expect(compose.services.frontend.ports).toEqual(['127.0.0.1:3000:3000']);
  });

  it('takes every secret from the environment, required, never a literal', () => {
    expect(text).toMatch(/POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD:\?/);
    expect(text).toMatch(/BETTER_AUTH_SECRET: \$\{BETTER_AUTH_SECRET:\?/);
    for (const line of text.split('\n').filter((l) => /(PASSWORD|SECRET)\w*:/.test(l) && !l.trim().startsWith('#'))) {
      expect(line).toMatch(/\$\{/);
    }
  });
});
