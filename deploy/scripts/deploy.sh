#!/usr/bin/env bash
# Deploys to a cluster through the Nx targets (images built, scanned and loaded by the task graph).
#
#   deploy/scripts/deploy.sh [environment] [component] [-- extra options]
#     environment  local (Minikube, the default), staging or production (these need KUBE_CONTEXT, IMAGE_REGISTRY)
#     component    backend or frontend: roll out only its new image; without one, the whole release
#   e.g. deploy/scripts/deploy.sh local backend -- --dry-run
set -euo pipefail
cd "$(dirname "$0")/../.."

environment=${1:-local}
component=${2:-}
[ "$#" -gt 0 ] && shift
[ "$#" -gt 0 ] && [ "$1" != "--" ] && shift
[ "${1:-}" = "--" ] && shift

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
