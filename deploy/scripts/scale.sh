#!/usr/bin/env bash
# Scales a component of the deployed release through Helm (so the release stays the source of truth).
#
#   deploy/scripts/scale.sh <backend|frontend> <replicas>           fixed replicas (turns the autoscaler off)
#   deploy/scripts/scale.sh <backend|frontend> --hpa <min> <max>    autoscaler bounds (turns it on)
#   ENVIRONMENT=staging deploy/scripts/scale.sh backend 4
#
# The bounds are the chart's (values.schema.json). The next deploy applies deploy/environments/<environment>.yaml
# again: make lasting changes there.
set -euo pipefail
cd "$(dirname "$0")/../.."

usage() {
  echo Usage:
  sed -n '4,6p' "$0" | sed 's/^# */  /'
}
refuse() {
  echo "$1 (--help for the usage)" >&2
  exit 2
}
is_count() { [[ "$1" =~ ^[0-9]+$ ]]; }
case "${1:-}" in -h | --help) usage && exit 0 ;; esac

component=${1:-}
[[ "$component" == backend || "$component" == frontend ]] || refuse "scale backend or frontend?"
shift
# minimum and maximum of <component>.<field> in the chart's values schema
bounds() {
  node -e 'const [c, ...path] = process.argv[1].split(".");
    let n = require("./deploy/charts/todo/values.schema.json").properties[c];
    for (const k of path) n = n.properties[k];
    process.stdout.write(`${n.minimum} ${n.maximum}\n`);' "$component.$1"
}
within() { # <value> <field> <what>
  local min max
  read -r min max < <(bounds "$2")
  is_count "$1" && [ "$1" -ge "$min" ] && [ "$1" -le "$max" ] || refuse "$3 must be a whole number from $min to $max (got \"$1\")"
}
if [ "${1:-}" = "--hpa" ]; then
  [ "$#" -eq 3 ] || refuse "--hpa needs <min> <max>"
  within "$2" autoscaling.minReplicas "--hpa <min>"
  within "$3" autoscaling.maxReplicas "--hpa <max>"
  [ "$3" -ge "$2" ] || refuse "--hpa <max> must be at least <min>"
  sets=("--set=$component.autoscaling.enabled=true" "--set=$component.autoscaling.minReplicas=$2"
    "--set=$component.autoscaling.maxReplicas=$3")
else
  [ "$#" -eq 1 ] || refuse "scale $component to how many replicas?"
  within "$1" replicas "<replicas>"
  sets=("--set=$component.autoscaling.enabled=false" "--set=$component.replicas=$1")
fi
exec npx nx run deploy:scale --configuration="${ENVIRONMENT:-local}" "${sets[@]}"
