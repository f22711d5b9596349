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

step "Installing Chromium for the end-to-end tests (Debian's package; Playwright drives it)"
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "found ${CHROMIUM_PATH:-/usr/bin/chromium}"
elif [ "$(id -u)" = 0 ]; then
  apt_install chromium fonts-dejavu-core
  chromium --version
else
  echo "Chromium is missing and this is not root: sudo apt-get install chromium (or set CHROMIUM_PATH)" >&2
  exit 1
fi

step "promtool for the alert rule tests (Debian's prometheus package)"
if command -v promtool >/dev/null; then
  echo "found $(promtool --version 2>&1 | head -1)"
elif [ "$(id -u)" = 0 ]; then
  apt_install prometheus
  promtool --version 2>&1 | head -1
else
  echo "promtool is missing and this is not root: sudo apt-get install prometheus" >&2
  exit 1
fi

step "PostgreSQL 15 (server and client) and gpg for the backup and restore tests"
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v pg_dump >/dev/null && command -v gpg >/dev/null; then
  echo "found $(pg_dump --version), $(gpg --version | head -1)"
elif [ "$(id -u)" = 0 ]; then
  apt_install postgresql-15 postgresql-client-15 gnupg
  pg_dump --version
else
  echo "PostgreSQL or gpg is missing and this is not root: sudo apt-get install postgresql-15 gnupg" >&2
  exit 1
fi

step "redis-server for the backend's cache tests (Debian's package; the tests start their own on 127.0.0.1)"
if command -v redis-server >/dev/null; then
  echo "found $(redis-server --version | cut -d' ' -f1-3)"
elif [ "$(id -u)" = 0 ]; then
  apt_install redis-server
  redis-server --version | cut -d' ' -f1-3
else
  echo "redis-server is missing and this is not root: sudo apt-get install redis-server" >&2
  exit 1
fi

step "wrk for the benchmarks (npm run bench; Debian's package)"
if command -v wrk >/dev/null; then
  echo "found wrk"
elif [ "$(id -u)" = 0 ]; then
  apt_install wrk
  echo "installed wrk"
else
  echo "wrk is missing and this is not root: npm run bench skips its load sections (sudo apt-get install wrk)" >&2
fi

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
