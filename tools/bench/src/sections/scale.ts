// Costs as data grows: the latency (p50, one client) of the first page, of a page 1,000 tasks deep, of a search and
// of a tag filter and of every sort, for a user with 200, 10,000 and 100,000 tasks while 1,000 other users' tasks share the table.
// Each figure is set beside the same request at 200 tasks, measured in the same run: keyset paging and the indexes
// should keep them flat. The plans of the search and tag queries at the largest size are printed for the record.
import pg from 'pg';
import { load } from '../load.js';
import { startApiServer } from '../api-server.js';
import type { Row } from '../table.js';

const SIZES = [200, 10_000, 100_000];
const PAGE = 50;
/** One task in a hundred has the search word in its title and the rare tag. */
const RARE = 100;

export async function benchScale({ seconds }: { seconds: number }): Promise<Row[]> {
  console.log('Scale: one user with 200, 10,000 and 100,000 tasks beside 1,000 tasks of other users');
  const server = await startApiServer();
  const db = new pg.Client({ connectionString: server.databaseUrl });
  await db.connect();
  try {
    const { jwt, userId } = await server.signUp('scale@example.test');
    const headers = { authorization: `Bearer ${jwt}` };
    await seedOthers(db);
    const tasks = `${server.api}/api/${userId}/tasks`;
    const p50 = async (name: string, url: string) => (await load(name, { url, headers, seconds, connections: 1 })).p50;

    const figures = new Map<string, number>();
    let seeded = 0;
    for (const size of SIZES) {
      await seed(db, userId, seeded, size);
      seeded = size;
      const scenarios: [string, string | undefined][] = [
        ['first page', `${tasks}?limit=${PAGE}`],
        ['page 1,000 deep', size > 1_000 ? await deepPage(tasks, headers) : undefined],
        ['search (q)', `${tasks}?limit=${PAGE}&q=needle`],
        ['tag filter', `${tasks}?limit=${PAGE}&tag=rare`],
        ['sort by title', `${tasks}?limit=${PAGE}&sort=title`],
        ['sort by updated', `${tasks}?limit=${PAGE}&sort=updated`],
        ['sort by priority', `${tasks}?limit=${PAGE}&sort=priority`],
        ['sort by due', `${tasks}?limit=${PAGE}&sort=due`],
      ];
      for (const [scenario, url] of scenarios) {
        if (url) figures.set(`${scenario}@${size}`, await p50(`${scenario}, ${size} tasks`, url));
      }
    }
    console.log('Plans at 100,000 tasks:');
    for (const [name, where] of [
      ['search', `(title ilike '%needle%' or description ilike '%needle%')`],
      ['tag', `tags @> '{rare}'`],
    ]) {
      const plan = await db.query(
        `explain (analyze, costs off, timing off, summary off)
         select * from tasks where user_id = $1 and ${where} order by created_at desc, id desc limit ${PAGE + 1}`,
        [userId],
      );
      console.log(`  ${name}:\n${plan.rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n')}`);
    }

    const rows: Row[] = [];
    for (const [key, value] of figures) {
      const [scenario, size] = key.split('@');
      if (size === String(SIZES[0])) continue;
      const base = figures.get(`${scenario}@${SIZES[0]}`) ?? figures.get(`first page@${SIZES[0]}`)!;
      const baseName = figures.has(`${scenario}@${SIZES[0]}`) ? `${scenario}, 200 tasks` : 'first page, 200 tasks';
      rows.push({
        measure: `scale: ${scenario}, ${Number(size).toLocaleString('en')} tasks: p50`,
        value: value,
        unit: 'ms',
        baseline: { name: baseName, value: base },
        note: 'one client',
      });
    }
    return rows;
  } finally {
    await db.end();
    await server.stop();
  }
}

/** 1,000 tasks of 100 other users, so that every query has to pick the user's own out of the table. */
async function seedOthers(db: pg.Client): Promise<void> {
  await db.query(`insert into "user" (id, name, email, email_verified, created_at, updated_at)
    select 'other-' || u, 'Other', 'other' || u || '@example.test', false, now(), now() from generate_series(1, 100) u`);
  await db.query(`insert into tasks (user_id, title, tags)
    select 'other-' || (t % 100 + 1), 'Other task ' || t || case when t % ${RARE} = 0 then ' needle' else '' end,
      case when t % ${RARE} = 0 then '{rare}'::text[] else '{}'::text[] end
    from generate_series(1, 1000) t`);
}

/** The user's tasks `from + 1` .. `to`, spread over time, in one statement; then fresh statistics. */
async function seed(db: pg.Client, userId: string, from: number, to: number): Promise<void> {
  await db.query(
    `insert into tasks (user_id, title, description, priority, tags, created_at, updated_at)
     select $1, 'Task ' || t || case when t % ${RARE} = 0 then ' needle' else '' end, 'Description of task ' || t,
       (array['low', 'medium', 'high'])[t % 3 + 1]::task_priority,
       case when t % ${RARE} = 0 then '{rare,work}'::text[] else '{work}'::text[] end,
       now() - make_interval(secs => t), now() - make_interval(secs => t)
     from generate_series($2::int + 1, $3::int) t`,
    [userId, from, to],
  );
  await db.query('analyze tasks');
}

/** The URL of the page that starts 1,000 tasks deep: the cursor after 20 pages of 50. */
async function deepPage(tasks: string, headers: Record<string, string>): Promise<string> {
  let cursor: string | null = null;
  for (let page = 0; page < 1_000 / PAGE; page++) {
    const url: string = `${tasks}?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const body = (await fetch(url, { headers }).then((r) => r.json())) as { next_cursor: string | null };
    cursor = body.next_cursor;
    if (!cursor) throw new Error('the list ended before 1,000 tasks');
  }
  return `${tasks}?limit=${PAGE}&cursor=${encodeURIComponent(cursor!)}`;
}
