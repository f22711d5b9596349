#!/usr/bin/env bash
# Restores the release's database from a backup, or rehearses it.
#
#   deploy/scripts/restore.sh <file|latest> [--namespace todo] [--release todo]   restore into the live database
#   deploy/scripts/restore.sh --drill [file|latest]                               restore into a scratch database,
#                                                                                 verify every table, drop it
# A wrong key or a damaged file is refused before the database is touched. See deploy/docs/backups.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
usage() {
  echo Usage:
  sed -n '4,6p' "$0" | sed 's/^# */  /'
}
case "${1:-}" in -h | --help) usage && exit 0 ;; esac

if [ "${1:-}" = "--drill" ]; then
  shift
  from=${1:-latest}
  [ "$#" -gt 0 ] && shift
  exec npx nx run ops:restore-drill --from="$from" "$@"
fi
from=${1:-}
if [ -z "$from" ] || [[ "$from" == -* ]]; then
  usage >&2
  exit 2
fi
shift
exec npx nx run ops:restore --from="$from" "$@"
