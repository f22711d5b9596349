#!/usr/bin/env bash
# Backs up the release's database now (a Job from the backup CronJob) and prints the backup's file name.
#
#   deploy/scripts/backup.sh [--namespace todo] [--release todo]
#
# Uses the current kubectl context. See deploy/docs/backups.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
case "${1:-}" in -h | --help) echo Usage: && sed -n '4p' "$0" | sed 's/^# */  /' && exit 0 ;; esac
exec npx nx run ops:backup "$@"
