# Sourced by backup.sh and restore.sh (which set SCRIPT first): settings, messages, encryption, checksums.
set -euo pipefail
umask 077

BACKUP_DIR="${BACKUP_DIR:-/backups}"
BACKUP_KEY_FILE="${BACKUP_KEY_FILE:-/etc/backup-key/BACKUP_ENCRYPTION_KEY}"

log() { printf '%s: %s\n' "$SCRIPT" "$*" >&2; }
die() {
  log "$*"
  exit 1
}

[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set"
for tool in psql pg_dump pg_restore gpg; do
  command -v "$tool" >/dev/null || die "$tool is missing from the image (use the Debian variant of the postgres image)"
done
[ -s "$BACKUP_KEY_FILE" ] || die "the encryption key $BACKUP_KEY_FILE is missing or empty"
[ -d "$BACKUP_DIR" ] || die "the backup directory $BACKUP_DIR does not exist"

# Scratch space (decrypted files, gpg's home) that never outlives the script; CLEANUP lists more files to remove.
WORK="$(mktemp -d)"
export GNUPGHOME="$WORK/gnupg"
mkdir -m 700 "$GNUPGHOME"
CLEANUP=()
cleanup() {
  gpgconf --kill gpg-agent 2>/dev/null || true
  rm -rf "$WORK" "${CLEANUP[@]}"
}
trap cleanup EXIT

# OpenPGP symmetric encryption (AES-256) with an integrity check: a wrong key or a changed byte fails to decrypt.
GPG=(gpg --batch --yes --quiet --no-symkey-cache --pinentry-mode loopback --passphrase-file "$BACKUP_KEY_FILE")
seal() { "${GPG[@]}" --symmetric --cipher-algo AES256 --s2k-digest-algo SHA512 --compress-algo none -o "$2" "$1"; }
unseal() { "${GPG[@]}" --decrypt -o "$2" "$1"; }

# The tables whose data a backup holds, and what identifies that data: the row count and an md5 over the md5s of the
# rows in order (no collation involved). The settings fix how values print, so backup and restore agree.
CHECKSUM_SETTINGS="SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres';
SET extra_float_digits = 1; SET bytea_output = 'hex';"
USER_TABLES="FROM pg_catalog.pg_tables WHERE schemaname !~ '^pg_' AND schemaname <> 'information_schema'"
table_stats() {
  printf "SELECT count(*), md5(coalesce(string_agg(md5(ROW(r.*)::text), '' ORDER BY md5(ROW(r.*)::text)), '')) FROM %s r" "$1"
}
