-- The task rules of the API (libs/contracts/src/task.ts) in the database, so that no writer can store what the API
-- refuses: 0005 adds the CHECK constraints; this migration adds the tag rule they call and first brings every
-- existing row within the rules (a blank title gets a placeholder; tags are trimmed, cut to 32 characters, blanks
-- and repeats dropped, at most the first 10 kept).
CREATE FUNCTION "task_tags_valid"(tags text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_ndims(tags), 1) = 1
    AND cardinality(tags) <= 10
    AND NOT EXISTS (
      SELECT FROM unnest(tags) AS tag
      WHERE tag IS NULL
        OR char_length(tag) NOT BETWEEN 1 AND 32
        OR tag ~ '^[[:space:]]|[[:space:]]$|[\n\r\u2028\u2029]'
    )
    AND (SELECT count(DISTINCT tag) FROM unnest(tags) AS tag) = cardinality(tags)
$$;--> statement-breakpoint
UPDATE "tasks" SET
  "title" = '(untitled)',
  "updated_at" = greatest(now(), "updated_at" + interval '1 millisecond')
WHERE "title" !~ '[^[:space:]]';--> statement-breakpoint
UPDATE "tasks" SET
  "tags" = (
    SELECT coalesce(array_agg(tag ORDER BY first), '{}')
    FROM (
      SELECT tag, min(ord) AS first
      FROM (
        SELECT regexp_replace(left(regexp_replace(regexp_replace(raw, '[\n\r\u2028\u2029]', ' ', 'g'),
          '^[[:space:]]+', ''), 32), '[[:space:]]+$', '') AS tag, ord
        FROM unnest("tasks"."tags") WITH ORDINALITY AS u(raw, ord)
        WHERE raw IS NOT NULL
      ) AS trimmed
      WHERE tag <> ''
      GROUP BY tag
      ORDER BY first
      LIMIT 10
    ) AS kept
  ),
  "updated_at" = greatest(now(), "updated_at" + interval '1 millisecond')
WHERE NOT "task_tags_valid"("tags");
