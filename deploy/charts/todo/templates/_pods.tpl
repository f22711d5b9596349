{{/* Pod template pieces: checksums, annotations, scheduling, service accounts. */}}

{{/*
Checksum of a ConfigMap or Secret template's data only (its labels carry the chart version, which must not roll pods).
Call with (dict "root" $ "template" "/backend/configmap.yaml").
*/}}
{{- define "todo.dataChecksum" -}}
{{- $object := include (print .root.Template.BasePath .template) .root | fromYaml -}}
{{- pick $object "data" "stringData" "binaryData" | toJson | sha256sum -}}
{{- end -}}

{{/* Pod annotations that let a plain Prometheus scrape a component (monitoring.mode=annotations). */}}
{{- define "todo.scrapeAnnotations" -}}
{{- if eq .root.Values.monitoring.mode "annotations" }}
prometheus.io/scrape: 'true'
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: {{ .path }}
{{- end }}
{{- end -}}

{{/*
Where a component's pods run: its scheduling.nodeSelector, affinity, tolerations and priorityClassName (nothing
when unset). Call with (dict "root" $ "component" <name>) inside a pod spec.
*/}}
{{- define "todo.scheduling" -}}
{{- with (index .root.Values .component).scheduling }}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* A component's podAnnotations (e.g. for a log or security agent). */}}
{{- define "todo.podAnnotations" -}}
{{- with (index .root.Values .component).podAnnotations }}
{{- toYaml . }}
{{- end }}
{{- end -}}

{{/* A component's serviceAccount.annotations (workload identity: eks.amazonaws.com/role-arn, iam.gke.io/gcp-service-account). */}}
{{- define "todo.serviceAccountAnnotations" -}}
{{- with (index .root.Values .component).serviceAccount.annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
NODE_OPTIONS sizing V8's heap to a Node container's memory limit (call with a dict: "resources", the container's,
and "semiSpaceMiB"): the old space at half the limit, so that the collector works hard well before the kernel's OOM
kill (Node alone gives any pod under 512Mi a 256 MiB old space), and semi-spaces of the given size (Node picks 1-2
MiB under such a limit: more objects survive into the old space, more full collections).
*/}}
{{- define "todo.nodeHeapOptions" -}}
{{- $limit := dig "limits" "memory" "" .resources | toString -}}
{{- if $limit -}}
{{- $n := regexFind "^[0-9]+" $limit | atoi -}}
{{- $mib := get (dict "Ki" (div $n 1024) "Mi" $n "Gi" (mul $n 1024) "Ti" (mul $n 1048576)) (trimPrefix (toString $n) $limit) -}}
{{- if lt (int $mib) 128 -}}
{{- fail (printf "resources.limits.memory %s is below the 128Mi a Node.js container needs" $limit) -}}
{{- end -}}
--max-old-space-size={{ div $mib 2 }} --max-semi-space-size={{ .semiSpaceMiB }}
{{- end -}}
{{- end -}}
