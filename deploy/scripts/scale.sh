#!/usr/bin/env bash
# Scales a component of the deployed release through Helm (so the release stays the source of truth).
#
#   deploy/scripts/scale.sh <backend|frontend> <replicas>           fixed replicas (turns the autoscaler off)
#   deploy/scripts/scale.sh <backend|frontend> --hpa <min> <max>    autoscaler bounds (turns it on)
#   ENVIRONMENT=staging deploy/scripts/scale.sh backend 4
#
# The next deploy applies deploy/environments/<environment>.yaml again: make lasting changes there.
set -euo pipefail
cd "$(dirname "$0")/../.."

usage() {
  sed -n '4,6p' "$0" | sed 's/^# *//' >&2
  exit 2
}
is_count() { [[ "$1" =~ ^[0-9]+$ ]]; }

component=${1:-}
[[ "$component" == backend || "$component" == frontend ]] || usage
shift
if [ "${1:-}" = "--hpa" ]; then
  min=${2:-} max=${3:-}
  is_count "$min" && is_count "$max" && [ "$min" -ge 1 ] && [ "$max" -ge "$min" ] || {
    echo "--hpa needs <min> <max> with 1 <= min <= max" >&2
    exit 2
  }
  sets=("--set=$component.autoscaling.enabled=true" "--set=$component.autoscaling.minReplicas=$min"
    "--set=$component.autoscaling.maxReplicas=$max")
else
  replicas=${1:-}
  is_count "$replicas" || usage
  sets=("--set=$component.autoscaling.enabled=false" "--set=$component.replicas=$replicas")
fi
exec npx nx run deploy:scale --configuration="${ENVIRONMENT:-local}" "${sets[@]}"
