{{/* Shutdown timing, disruption budgets and autoscaling. */}}

{{/*
Seconds a server keeps serving, not ready, after SIGTERM: its shutdownDrainSeconds, and with the chat on at least a
chat turn (plus 5 s), so a rollout lets running turns finish. Call with (dict "root" $ "drain" <shutdownDrainSeconds>).
*/}}
{{- define "todo.drainSeconds" -}}
{{- $drain := int .drain -}}
{{- if .root.Values.chat.enabled }}{{ $drain = max $drain (add .root.Values.chat.timeoutSeconds 5) }}{{ end -}}
{{- $drain -}}
{{- end -}}

{{/*
terminationGracePeriodSeconds from its parts: the preStop sleep (drain, while the endpoints forget the pod), the
server's drain after SIGTERM, the API's 10 s to close its connections, and a 5 s margin. Same call as todo.drainSeconds.
*/}}
{{- define "todo.gracePeriodSeconds" -}}
{{- add (int .drain) (include "todo.drainSeconds" .) 10 5 -}}
{{- end -}}

{{/* The fewest replicas a Deployment runs: the autoscaler's minimum, else replicas. Call with the component's values. */}}
{{- define "todo.minReplicas" -}}
{{- ternary .autoscaling.minReplicas .replicas .autoscaling.enabled -}}
{{- end -}}

{{/* The most: the autoscaler's maximum, else replicas. */}}
{{- define "todo.maxReplicas" -}}
{{- ternary .autoscaling.maxReplicas .replicas .autoscaling.enabled -}}
{{- end -}}

{{/* A PodDisruptionBudget's spec that never blocks a node drain: minAvailable below the fewest replicas, and unhealthy
pods (all of them in a database outage) evictable. Call with (dict "root" $ "component" <name>). */}}
{{- define "todo.pdbSpec" -}}
{{- $v := index .root.Values .component -}}
{{- $min := int (include "todo.minReplicas" $v) -}}
{{- if ge (int $v.pdb.minAvailable) $min -}}
{{- fail (printf "%s.pdb.minAvailable (%d) must be below the fewest replicas (%d), or no node could ever be drained" .component (int $v.pdb.minAvailable) $min) -}}
{{- end -}}
minAvailable: {{ $v.pdb.minAvailable }}
unhealthyPodEvictionPolicy: AlwaysAllow
selector:
  matchLabels:
    {{- include "todo.selectorLabels" . | nindent 4 }}
{{- end -}}

{{/* The autoscaler's bounds and scale-down behaviour. Call with (dict "root" $ "component" <name>). */}}
{{- define "todo.hpaSpec" -}}
{{- $a := (index .root.Values .component).autoscaling -}}
{{- if gt (int $a.minReplicas) (int $a.maxReplicas) -}}
{{- fail (printf "%s.autoscaling.minReplicas (%d) is above maxReplicas (%d)" .component (int $a.minReplicas) (int $a.maxReplicas)) -}}
{{- end -}}
minReplicas: {{ $a.minReplicas }}
maxReplicas: {{ $a.maxReplicas }}
behavior:
  scaleDown:
    stabilizationWindowSeconds: {{ $a.scaleDownStabilizationSeconds }}
    policies:
      - type: Pods
        value: 1
        periodSeconds: 60
{{- end -}}
