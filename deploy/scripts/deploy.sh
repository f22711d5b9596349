#!/usr/bin/env bash
# Deploys to a cluster through the Nx targets (preflight first, then the images built, scanned and loaded).
#
#   deploy/scripts/deploy.sh [environment] [component] [-- extra options]
#     environment  local (Minikube, the default), staging or production (these need KUBE_CONTEXT, IMAGE_REGISTRY)
#     component    backend or frontend: roll out only its new image; without one, the whole release
#   e.g. deploy/scripts/deploy.sh local backend -- --dry-run, deploy/scripts/deploy.sh local -- --dry-run
set -euo pipefail
cd "$(dirname "$0")/../.."

usage() {
  echo Usage:
  sed -n '4,7p' "$0" | sed 's/^# */  /'
}
words=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    -h | --help) usage && exit 0 ;;
    -*) echo "unknown option $1: extra options go after -- (--help for the usage)" >&2 && exit 2 ;;
  esac
  words+=("$1")
  shift
done
[ "${1:-}" = "--" ] && shift
if [ "${#words[@]}" -gt 2 ]; then
  echo "unexpected argument \"${words[2]}\" (--help for the usage)" >&2
  exit 2
fi
environment=${words[0]:-local}
component=${words[1]:-}

case "$environment" in local | staging | production) ;; *)
  echo "Unknown environment \"$environment\": use local, staging or production" >&2
  exit 2
  ;;
esac
case "$component" in
  "") exec npx nx run deploy:up --configuration="$environment" "$@" ;;
  backend | frontend) exec npx nx deploy "$component" --configuration="$environment" "$@" ;;
  *)
    echo "Unknown component \"$component\": use backend or frontend (or nothing for the whole release)" >&2
    exit 2
    ;;
esac
