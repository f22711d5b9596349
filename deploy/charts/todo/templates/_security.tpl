{{/* Security contexts of pods and containers. */}}

{{/* The restricted Pod Security Standard, for pods and containers. */}}
{{- define "todo.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The same for pods running the PostgreSQL image: its postgres user. */}}
{{- define "todo.databasePodSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.database.runAsUser }}
runAsGroup: {{ .Values.database.runAsUser }}
fsGroup: {{ .Values.database.runAsUser }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "todo.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
