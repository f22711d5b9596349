#!/usr/bin/env bash
# Restores a backup made by backup.sh into the database at $DATABASE_URL, or with --drill into a scratch database
# that is dropped afterwards (the restore drill: the live database is untouched).
#   restore.sh [--drill] <todo-....dump.gpg | path | latest>
# Both files are decrypted and the dump checked before the database is touched; a wrong key or a damaged file stops
# here. The restore and the check of every table's row count and checksum against the manifest run in one
# transaction: on any error or difference nothing is committed.
SCRIPT=restore
drill=
if [ "${1:-}" = --drill ]; then
  drill=1
  shift
fi
[ $# -eq 1 ] || {
  echo "usage: restore.sh [--drill] <backup file | latest>" >&2
  exit 2
}
source "$(dirname "$0")/common.sh"

file="$1"
if [ "$file" = latest ]; then
  file="$(find "$BACKUP_DIR" -maxdepth 1 -name 'todo-*.dump.gpg' -printf '%f\n' | sort -r | head -n 1)"
  [ -n "$file" ] || die "no backup in $BACKUP_DIR"
fi
[[ "$file" == */* ]] || file="$BACKUP_DIR/$file"
[[ "$file" == *.dump.gpg ]] || die "$file is not a backup (todo-<time>.dump.gpg)"
[ -f "$file" ] || die "$file does not exist"
name="$(basename "$file" .dump.gpg)"
manifest="${file%.dump.gpg}.manifest.gpg"
[ -f "$manifest" ] || die "$(basename "$manifest") is missing beside $name.dump.gpg"

log "decrypting $name"
for part in dump manifest; do
  source_file="$file"
  [ "$part" = dump ] || source_file="$manifest"
  unseal "$source_file" "$WORK/$part" 2>"$WORK/gpg.log" ||
    die "cannot decrypt $(basename "$source_file"): wrong key or damaged file ($(tail -n 1 "$WORK/gpg.log")); the database was not touched"
done
pg_restore --list "$WORK/dump" >/dev/null 2>"$WORK/list.log" ||
  die "$name.dump.gpg holds no valid pg_dump archive ($(head -n 1 "$WORK/list.log")); the database was not touched"

# One check per table: its row count and checksum equal the manifest's; then no table beyond the backup's.
tables=()
rows=0
while IFS=$'\t' read -r table count checksum; do
  [[ "$table" == '#'* ]] && continue
  [[ "$count" =~ ^[0-9]+$ && "$checksum" =~ ^[0-9a-f]{32}$ ]] || die "the manifest of $name is malformed"
  literal="'${table//\'/\'\'}'"
  tables+=("$literal")
  rows=$((rows + count))
  cat <<SQL
DO \$check\$ DECLARE n bigint; h text; BEGIN
  $(table_stats "$table") INTO n, h;
  IF n <> $count OR h <> '$checksum' THEN
    RAISE EXCEPTION 'restore check failed: % has % rows (checksum %), the backup % rows (checksum %)',
      $literal, n, h, $count, '$checksum';
  END IF;
END \$check\$;
SQL
done <"$WORK/manifest" >"$WORK/check.sql"
cat >>"$WORK/check.sql" <<SQL
DO \$check\$ DECLARE extra text; BEGIN
  SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') INTO extra $USER_TABLES
    AND format('%I.%I', schemaname, tablename) <> ALL (ARRAY[$(IFS=,; echo "${tables[*]}")]::text[]);
  IF extra IS NOT NULL THEN
    RAISE EXCEPTION 'restore check failed: % not in the backup (drop it, or restore into an empty database)', extra;
  END IF;
END \$check\$;
SQL

target="$DATABASE_URL"
base="${DATABASE_URL%%\?*}"
database="${base##*/}"
if [ -n "$drill" ]; then
  database="restore_drill_$(date -u +%Y%m%d%H%M%S)_$$"
  target="${base%/*}/$database${DATABASE_URL#"$base"}"
  psql -X -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -c "CREATE DATABASE $database" 2>"$WORK/psql.log" ||
    die "cannot create the scratch database $database: $(grep -m 1 ERROR "$WORK/psql.log" || tail -n 1 "$WORK/psql.log")"
  drop_scratch() {
    psql -X -q -d "$DATABASE_URL" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" || log "could not drop $database"
    cleanup
  }
  trap drop_scratch EXIT
fi

log "restoring $name into $database ($((${#tables[@]})) tables, $rows rows)"
{
  printf 'BEGIN;\n'
  pg_restore --clean --if-exists --no-owner --exit-on-error -f - "$WORK/dump" || exit 1
  printf '%s\n' "$CHECKSUM_SETTINGS"
  cat "$WORK/check.sql"
  printf 'COMMIT;\n'
} | psql -X -q -v ON_ERROR_STOP=1 -d "$target" >/dev/null 2>"$WORK/psql.log" ||
  die "restore failed, nothing was changed: $(grep -m 1 -E 'ERROR|FATAL|error' "$WORK/psql.log" || tail -n 1 "$WORK/psql.log")"
if [ -n "$drill" ]; then
  log "drill passed: $name restores with every row count and checksum equal (${#tables[@]} tables, $rows rows)"
else
  log "restored $name into $database: every row count and checksum equal (${#tables[@]} tables, $rows rows)"
fi
