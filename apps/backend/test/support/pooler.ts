import { findPgbouncer } from '@todo/local-stack/pgbouncer';

/** Why the tests through PgBouncer skip here; CI installs it (tools/ci/setup.sh), so there they fail instead. */
export const pgbouncerMissing = findPgbouncer() ? undefined : 'pgbouncer is not installed (apt-get install pgbouncer)';
if (pgbouncerMissing && process.env.CI === 'true') throw new Error(`missing in CI: ${pgbouncerMissing}`);
