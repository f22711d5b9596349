import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from './support/backend.js';
import { backupTools, startCluster, type Cluster } from './support/pg-cluster.js';

// The chart's backup and restore scripts against a real PostgreSQL: the machine's server and client of one major
// version, as in the chart, where the backup runs in the database's own image.
const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const scripts = join(root, 'deploy/charts/todo/files/backup');
const { bin, missing } = backupTools();

const SEED = 'seed';
const FILL = `
INSERT INTO "user" (id, name, email, email_verified, created_at, updated_at)
  SELECT 'user-' || g, 'User ' || g || ' ''quoted'' ü', 'u' || g || '@example.com', g % 2 = 0,
         now() - g * interval '1 hour', now()
  FROM generate_series(1, 40) g;
INSERT INTO account (id, account_id, provider_id, user_id, password, updated_at)
  SELECT 'account-' || g, 'user-' || g, 'credential', 'user-' || g, 'scrypt:' || md5(g::text), now()
  FROM generate_series(1, 40) g;
INSERT INTO session (id, expires_at, token, updated_at, user_id, ip_address, user_agent)
  SELECT 'session-' || g, now() + interval '7 days', md5('token' || g), now(), 'user-' || g, '127.0.0.1', 'test'
  FROM generate_series(1, 40) g;
INSERT INTO jwks (id, public_key, private_key, alg, crv, created_at)
  VALUES ('key-1', '{"kty":"OKP","x":"abc"}', 'sealed-private-key', 'EdDSA', 'Ed25519', now());
INSERT INTO verification (id, identifier, value, expires_at) VALUES ('verification-1', 'u1@example.com', 'code', now());
INSERT INTO tasks (user_id, title, description, completed, priority, tags, due_at, created_at)
  SELECT 'user-' || (g % 40 + 1), 'Task ' || g || E' \\t"tab" ✓', CASE WHEN g % 3 = 0 THEN NULL ELSE 'About ' || g END,
         g % 4 = 0, (ARRAY['low', 'medium', 'high'])[g % 3 + 1]::task_priority,
         CASE WHEN g % 5 = 0 THEN '{}' ELSE ARRAY['tag' || g % 7, 'home', 'with space'] END,
         CASE WHEN g % 2 = 0 THEN NULL ELSE timestamptz '2026-01-01 00:00:00.123+00' + g * interval '37 minutes' END,
         now() - g * interval '1 minute'
  FROM generate_series(1, 3000) g;
`;

/** Every table's row count and an md5 of its rows in order, computed independently of the scripts. */
async function checksums(cluster: Cluster, database: string): Promise<Record<string, string>> {
  const tables = (
    await cluster.psql(
      database,
      `SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
       WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    )
  ).split('\n');
  const select = tables.map(
    (table) =>
      `SELECT '${table.replace(/'/g, "''")}' || ' ' || count(*) || ' ' ||
       md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C"), '')) FROM ${table} t`,
  );
  const lines = await cluster.psql(database, `SET TimeZone = 'UTC'; ${select.join(' UNION ALL ')}`);
  return Object.fromEntries(lines.split('\n').map((line) => [line.split(' ')[0], line.slice(line.indexOf(' ') + 1)]));
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

describe.skipIf(!!missing)(`backup and restore scripts${missing ? ` (skipped: ${missing} not installed)` : ''}`, () => {
  let cluster: Cluster;
  let work: string;
  let key: string;
  let backups: string;
  let database: string;
  let count = 0;

  const script = async (name: string, args: string[], env: Record<string, string> = {}): Promise<Result> => {
    const options = {
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        DATABASE_URL: cluster.url(database),
        BACKUP_DIR: backups,
        BACKUP_KEY_FILE: key,
        ...env,
      },
      maxBuffer: 16 * 1024 * 1024,
    };
    try {
      const { stdout, stderr } = await run('bash', [join(scripts, name), ...args], options);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
      return { code, stdout, stderr };
    }
  };
  const backup = async (env?: Record<string, string>) => {
    const result = await script('backup.sh', [], env);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.trim();
  };
  const restore = (...args: string[]) => script('restore.sh', args);
  const destroy = async () => {
    await cluster.psql('postgres', `DROP DATABASE "${database}" WITH (FORCE)`);
    await cluster.psql('postgres', `CREATE DATABASE "${database}"`);
  };

  beforeAll(async () => {
    cluster = await startCluster(bin!);
    await cluster.psql('postgres', `CREATE DATABASE ${SEED}`);
    expect(await migrate({ DATABASE_URL: cluster.url(SEED) })).toMatchObject({ code: 0 });
    await cluster.psql(SEED, FILL);
    work = await mkdtemp(join(tmpdir(), 'backup-test-'));
    key = join(work, 'key');
    await writeFile(key, 'a-long-random-backup-key-0123456789');
  });
  afterAll(async () => {
    await cluster?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });
  beforeEach(async () => {
    database = `todo_${++count}`;
    backups = await mkdtemp(join(work, 'backups-'));
    await cluster.psql('postgres', `CREATE DATABASE ${database} TEMPLATE ${SEED}`);
  });

  it('backs up, and restores a destroyed database with every table equal', async () => {
    const before = await checksums(cluster, database);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(['drizzle.__drizzle_migrations', 'public.tasks', 'public."user"', 'public.account']),
    );
    expect(before['public.tasks']).toMatch(/^3000 /);

    const file = await backup();
    expect(file).toMatch(/^todo-\d{8}T\d{6}Z\.dump\.gpg$/);
    expect((await readdir(backups)).sort()).toEqual([file, file.replace('.dump.gpg', '.manifest.gpg')]);
    const sealed = await readFile(join(backups, file));
    expect(sealed.includes(Buffer.from('Task 1'))).toBe(false); // encrypted

    await destroy();
    expect(await cluster.psql(database, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`)).toBe('0');
    const restored = await restore(file);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toMatch(/every row count and checksum equal \(\d+ tables, \d+ rows\)/);
    expect(await checksums(cluster, database)).toEqual(before);
  });

  it('restores over a changed database, undoing every change', async () => {
    const before = await checksums(cluster, database);
    const file = await backup();
    await cluster.psql(
      database,
      `UPDATE tasks SET title = 'changed', tags = '{x}' WHERE id % 10 = 0;
       DELETE FROM "user" WHERE id = 'user-7';
       INSERT INTO "user" (id, name, email) VALUES ('late', 'Late', 'late@example.com');`,
    );
    expect(await checksums(cluster, database)).not.toEqual(before);
    const restored = await restore(file);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await checksums(cluster, database)).toEqual(before);
  });

  it('drills: restores into a scratch database, verifies and drops it, leaving the live database alone', async () => {
    await backup();
    await cluster.psql(database, `DELETE FROM tasks WHERE id < 100`);
    const live = await checksums(cluster, database);
    const drill = await restore('--drill', 'latest');
    expect(drill.code, drill.stderr).toBe(0);
    expect(drill.stderr).toMatch(/drill passed: todo-\S+ restores with every row count and checksum equal/);
    expect(await checksums(cluster, database)).toEqual(live);
    expect(await cluster.psql('postgres', `SELECT count(*) FROM pg_database WHERE datname LIKE 'restore_drill%'`)).toBe(
      '0',
    );
  });

  describe('refuses a bad backup with one clear line, leaving the database untouched', () => {
    let file: string;
    let live: Record<string, string>;
    beforeEach(async () => {
      file = await backup();
      await cluster.psql(database, `UPDATE tasks SET completed = NOT completed`);
      live = await checksums(cluster, database);
    });
    const refused = async (result: Result, message: RegExp) => {
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split('\n').at(-1)).toMatch(message);
      expect(await checksums(cluster, database)).toEqual(live);
    };

    it('a corrupted file', async () => {
      const sealed = await readFile(join(backups, file));
      sealed[Math.floor(sealed.length / 2)] ^= 0x01;
      await writeFile(join(backups, file), sealed);
      await refused(await restore(file), /^restore: cannot decrypt todo-\S+\.dump\.gpg: wrong key or damaged file/);
    });

    it('a truncated file', async () => {
      const sealed = await readFile(join(backups, file));
      await writeFile(join(backups, file), sealed.subarray(0, sealed.length - 100));
      await refused(await restore(file), /^restore: cannot decrypt .*the database was not touched$/);
    });

    it('a wrong key', async () => {
      await writeFile(key + '.wrong', 'another-key-entirely-0123456789');
      const result = await script('restore.sh', [file], { BACKUP_KEY_FILE: key + '.wrong' });
      await refused(result, /^restore: cannot decrypt todo-\S+: wrong key or damaged file \(gpg: decryption failed/);
    });

    it('a readable file that is no dump', async () => {
      await run('gpg', [
        ...['--batch', '--yes', '--quiet', '--pinentry-mode', 'loopback', '--passphrase-file', key, '--homedir', work],
        ...['--symmetric', '--cipher-algo', 'AES256', '-o', join(backups, file), key],
      ]);
      await refused(await restore(file), /^restore: todo-\S+ holds no valid pg_dump archive/);
    });

    it('a manifest the restored data does not match (rolled back)', async () => {
      const gpg = ['--batch', '--yes', '--quiet', '--pinentry-mode', 'loopback', '--passphrase-file', key];
      const manifest = join(backups, file.replace('.dump.gpg', '.manifest.gpg'));
      const { stdout } = await run('gpg', [...gpg, '--homedir', work, '--decrypt', manifest]);
      const altered = stdout.replace(/^(public\.tasks\t)(\d+)/m, (_, table, rows) => `${table}${Number(rows) + 1}`);
      expect(altered).not.toBe(stdout);
      await writeFile(join(work, 'manifest'), altered);
      await run('gpg', [...gpg, '--homedir', work, '--symmetric', '-o', manifest, join(work, 'manifest')]);
      await refused(
        await restore(file),
        /^restore: restore failed, nothing was changed: .*restore check failed: public\.tasks has 3000 rows/,
      );
    });

    it('a database holding a table the backup does not', async () => {
      await cluster.psql(database, `CREATE TABLE public.newer (id int)`);
      live = await checksums(cluster, database);
      await refused(await restore(file), /restore check failed: public\.newer not in the backup/);
    });
  });

  it('takes a consistent backup under concurrent writes', async () => {
    // The writer keeps an invariant across two tables: each transaction adds a user and exactly two tasks. It runs
    // until told to stop (a row in writer_stop), so that it outlives the backup however slow the machine is.
    await cluster.psql(database, 'CREATE TABLE writer_stop (at timestamptz)');
    const writer = cluster.psql(
      database,
      `DO $$ DECLARE stop timestamptz := clock_timestamp() + interval '120 seconds'; i int := 0; BEGIN
         WHILE clock_timestamp() < stop AND NOT EXISTS (SELECT 1 FROM writer_stop) LOOP
           i := i + 1;
           INSERT INTO "user" (id, name, email) VALUES ('writer-' || i, 'Writer', 'writer' || i || '@example.com');
           INSERT INTO tasks (user_id, title, tags, due_at)
             VALUES ('writer-' || i, 'first', '{w}', now() + interval '1 day'), ('writer-' || i, 'second', '{}', NULL);
           UPDATE tasks SET completed = NOT completed, updated_at = now() WHERE id = i % 3000 + 1;
           COMMIT;
           PERFORM pg_sleep(0.002);
         END LOOP;
       END $$`,
    );
    const writers = async (db: string) => {
      const [users, tasks] = (
        await cluster.psql(
          db,
          `SELECT (SELECT count(*) FROM "user" WHERE id LIKE 'writer-%') || ' ' ||
                  (SELECT count(*) FROM tasks WHERE user_id LIKE 'writer-%')`,
        )
      )
        .split(' ')
        .map(Number);
      return { users, tasks };
    };
    const wait = () => new Promise((r) => setTimeout(r, 50));
    while ((await writers(database)).users < 10) await wait();
    const file = await backup();
    const during = await writers(database);
    while ((await writers(database)).users <= during.users) await wait();
    await cluster.psql(database, 'INSERT INTO writer_stop VALUES (now())');
    await writer;
    const after = await writers(database);
    expect(after.users).toBeGreaterThan(during.users); // the writer outlived the backup

    await destroy();
    const restored = await restore(file);
    expect(restored.code, restored.stderr).toBe(0); // every table equals the manifest, taken from the same snapshot
    const inBackup = await writers(database);
    expect(inBackup.users).toBeGreaterThanOrEqual(10);
    expect(inBackup.users).toBeLessThanOrEqual(during.users);
    expect(inBackup.tasks).toBe(2 * inBackup.users);
  });

  it('keeps the newest backups, complete ones only', async () => {
    const old = ['todo-20200101T000000Z', 'todo-20200102T000000Z', 'todo-20200103T000000Z'];
    for (const name of old) {
      await writeFile(join(backups, `${name}.dump.gpg`), 'old');
      await writeFile(join(backups, `${name}.manifest.gpg`), 'old');
    }
    await writeFile(join(backups, '.todo-20200104T000000Z.dump.gpg.partial'), 'interrupted, recent');
    const file = await backup({ BACKUP_RETENTION: '2' });
    expect((await readdir(backups)).sort()).toEqual(
      [
        '.todo-20200104T000000Z.dump.gpg.partial',
        `${old[2]}.dump.gpg`,
        `${old[2]}.manifest.gpg`,
        file,
        file.replace('.dump.gpg', '.manifest.gpg'),
      ].sort(),
    );
  });

  it('leaves nothing behind when the database cannot be reached', async () => {
    const result = await script('backup.sh', [], { DATABASE_URL: cluster.url(database).replace(/:\d+\//, ':1/') });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(await readdir(backups)).toEqual([]);
  });

  it('says what is wrong with its settings', async () => {
    const noKey = await script('backup.sh', [], { BACKUP_KEY_FILE: join(work, 'absent') });
    expect(noKey.stderr.trim()).toBe(`backup: the encryption key ${join(work, 'absent')} is missing or empty`);
    const retention = await script('backup.sh', [], { BACKUP_RETENTION: '0' });
    expect(retention.stderr.trim()).toBe('backup: BACKUP_RETENTION must be a positive integer (got "0")');
    const usage = await script('restore.sh', []);
    expect(usage.code).toBe(2);
    expect((await restore('nothing-here.dump.gpg')).stderr.trim()).toMatch(
      /^restore: .*nothing-here\.dump\.gpg does not exist$/,
    );
    expect((await restore('--drill', 'latest')).stderr.trim()).toBe(`restore: no backup in ${backups}`);
  });

  it('restores a backup copied elsewhere, by its path', async () => {
    const file = await backup();
    const elsewhere = await mkdtemp(join(work, 'copy-'));
    for (const f of [file, file.replace('.dump.gpg', '.manifest.gpg')])
      await copyFile(join(backups, f), join(elsewhere, f));
    await destroy();
    const restored = await restore(join(elsewhere, file));
    expect(restored.code, restored.stderr).toBe(0);
  });
});
