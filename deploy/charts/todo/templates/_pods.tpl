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
