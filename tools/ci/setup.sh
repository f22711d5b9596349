#!/usr/bin/env bash
# Prepares a fresh Debian machine for `npm test`: checks Node and npm, installs the system packages
# the tests use. Idempotent; safe to run on a developer machine.
set -euo pipefail

step() { printf '\n==> %s\n' "$*"; }

apt_updated=
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  [ -n "$apt_updated" ] || { apt-get update -qq && apt_updated=1; }
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

step "Checking Node.js and npm"
node -e '
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) { console.error(`Node.js >= 20.19 is required (found ${process.version})`); process.exit(1); }
console.log(`node ${process.version}`);'
npm_major=$(npm --version | cut -d. -f1)
if [ "$npm_major" -lt 11 ]; then
  echo "npm >= 11 is required (found $(npm --version)): npm install -g npm@11" >&2
  exit 1
fi
echo "npm $(npm --version)"

step "Checking for useradd (the embedded PostgreSQL runs as its own OS user when tests run as root)"
if [ "$(id -u)" = 0 ] && ! command -v useradd >/dev/null; then
  apt_install passwd
fi
echo ok

# need [--optional] <command> <packages> <why>: one step. <command> (a name on PATH, or a path) found: its version.
# Missing: as root, apt-get installs <packages> (then $installed is set); otherwise the line that installs them, and
# exit 1 (--optional: a warning only).
version_of() { "$1" --version 2>/dev/null | head -1; }
need() {
  local optional=
  [ "$1" != --optional ] || { optional=1; shift; }
  local command=$1 packages=$2 why=$3
  installed=
  step "$why"
  if command -v "$command" >/dev/null; then
    echo "found $(version_of "$command")"
  elif [ "$(id -u)" = 0 ]; then
    # shellcheck disable=SC2086 # a list of packages
    apt_install $packages
    command -v "$command" >/dev/null || { echo "$command is still missing after apt-get install $packages" >&2; exit 1; }
    installed=1
    echo "installed $(version_of "$command")"
  else
    echo "$command is missing and this is not root: sudo apt-get install $packages" >&2
    [ -n "$optional" ] || exit 1
  fi
}

need "${CHROMIUM_PATH:-/usr/bin/chromium}" "chromium fonts-dejavu-core" \
  "Chromium for the end-to-end tests (Debian's package; Playwright drives it; CHROMIUM_PATH names another)"
need promtool prometheus "promtool for the alert rule tests (Debian's prometheus package)"
initdb=$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | tail -1 || true)
need "${initdb:-/usr/lib/postgresql/15/bin/initdb}" postgresql-15 \
  "PostgreSQL 15 server for the backup and restore tests (they start their own cluster)"
need pg_dump postgresql-client-15 "PostgreSQL 15 client for the backup and restore tests"
need gpg gnupg "gpg for the backup and restore tests (encrypted dumps)"
need redis-server redis-server \
  "redis-server for the backend's cache tests (Debian's package; the tests start their own on 127.0.0.1)"
need "$(command -v pgbouncer || echo /usr/sbin/pgbouncer)" pgbouncer \
  "pgbouncer for the backend's tests through a connection pooler (Debian's package; the tests start their own on 127.0.0.1)"
if [ -n "$installed" ]; then
  # The package starts a system service on 6432 where systemd runs; the tests start their own.
  (systemctl disable --now pgbouncer || true) >/dev/null 2>&1
fi
need --optional wrk wrk "wrk for the benchmarks (npm run bench skips its load sections without it; Debian's package)"

step "Docker engine for the container tests"
if docker info >/dev/null 2>&1; then
  echo "a Docker engine answers"
elif [ "$(id -u)" = 0 ]; then
  if ! command -v dockerd >/dev/null; then
    apt_install docker.io
  fi
  # This machine allows no bridge networking: containers use --network host.
  nohup dockerd --bridge=none --iptables=false --ip-masq=false >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info --format 'dockerd {{.ServerVersion}} ({{.Driver}})' || { tail -20 /var/log/dockerd.log >&2; exit 1; }
else
  echo "No Docker engine and not root: the container tests will skip (install Docker to run them)" >&2
fi
