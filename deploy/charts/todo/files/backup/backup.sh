#!/usr/bin/env bash
# Backs up the database at $DATABASE_URL into $BACKUP_DIR: todo-<UTC time>.dump.gpg (pg_dump, custom format,
# compressed) and todo-<UTC time>.manifest.gpg (row count and checksum of every table), both taken from one
# snapshot and encrypted with the key in $BACKUP_KEY_FILE. Files are written under temporary names and renamed once
# complete; then only the newest $BACKUP_RETENTION backups are kept. Prints the dump's file name; progress on stderr.
SCRIPT=backup
source "$(dirname "$0")/common.sh"

RETENTION="${BACKUP_RETENTION:-7}"
[[ "$RETENTION" =~ ^[1-9][0-9]*$ ]] || die "BACKUP_RETENTION must be a positive integer (got \"$RETENTION\")"
[ -w "$BACKUP_DIR" ] || die "the backup directory $BACKUP_DIR is not writable"

name="todo-$(date -u +%Y%m%dT%H%M%SZ)"
dump="$BACKUP_DIR/$name.dump.gpg"
manifest="$BACKUP_DIR/$name.manifest.gpg"
[ ! -e "$dump" ] || die "$dump exists already"
partial_dump="$BACKUP_DIR/.$name.dump.gpg.partial"
partial_manifest="$BACKUP_DIR/.$name.manifest.gpg.partial"
CLEANUP+=("$partial_dump" "$partial_manifest")
# Left behind by a run that was killed.
find "$BACKUP_DIR" -maxdepth 1 -name '.todo-*.partial' -mmin +1440 -delete

# A REPEATABLE READ transaction held open by a psql in the background: the manifest is computed in it and pg_dump
# reads its exported snapshot, so both see the database at the same instant, whatever is written meanwhile.
coproc PSQL { psql -X -q -A -t -F $'\t' -v ON_ERROR_STOP=1 -d "$DATABASE_URL"; }
query() {
  printf '%s\n\\echo __end__\n' "$1" >&"${PSQL[1]}"
  local line
  while IFS= read -r line <&"${PSQL[0]}"; do
    [ "$line" = __end__ ] && return 0
    printf '%s\n' "$line"
  done
  die "psql stopped (above)"
}

log "starting $name"
snapshot="$(query "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; $CHECKSUM_SETTINGS SELECT pg_export_snapshot();")"
server_version="$(query "SHOW server_version;")"
tables="$(query "SELECT format('%I.%I', schemaname, tablename) $USER_TABLES ORDER BY 1;")"
rows=0
{
  printf '# %s\tPostgreSQL %s\n' "$name" "$server_version"
  while IFS= read -r table; do
    [ -n "$table" ] || continue
    stats="$(query "$(table_stats "$table");")"
    printf '%s\t%s\n' "$table" "$stats"
    rows=$((rows + ${stats%%$'\t'*}))
  done <<<"$tables"
} >"$WORK/manifest"
count="$(grep -vc '^#' "$WORK/manifest" || true)"
log "manifest: $count tables, $rows rows (snapshot $snapshot)"

pg_dump --format=custom --snapshot="$snapshot" -d "$DATABASE_URL" | seal - "$partial_dump"
query "COMMIT;" >/dev/null
printf '\\q\n' >&"${PSQL[1]}"
seal "$WORK/manifest" "$partial_manifest"
sync "$partial_dump" "$partial_manifest"
# The dump is renamed last: a complete dump always has its manifest.
mv "$partial_manifest" "$manifest"
mv "$partial_dump" "$dump"
log "wrote $name.dump.gpg ($(du -h "$dump" | cut -f1))"

find "$BACKUP_DIR" -maxdepth 1 -name 'todo-*.dump.gpg' -printf '%f\n' | sort -r | tail -n +"$((RETENTION + 1))" |
  while IFS= read -r old; do
    rm -f "$BACKUP_DIR/$old" "$BACKUP_DIR/${old%.dump.gpg}.manifest.gpg"
    log "removed $old (keeping the newest $RETENTION)"
  done
printf '%s\n' "$name.dump.gpg"
