{{/* The database: its mode, Service, Secret, the API's connection settings, its storage. */}}

{{/* Where PostgreSQL runs: `external`, `statefulset` (the chart's pod) or `cloudnative-pg` (a CloudNativePG Cluster). */}}
{{- define "todo.databaseMode" -}}
{{- if .Values.database.external.enabled -}}
{{- if eq .Values.database.mode "cloudnative-pg" -}}
{{- fail "database.external.enabled and database.mode=cloudnative-pg exclude each other: set one" -}}
{{- end -}}
external
{{- else -}}
{{- .Values.database.mode -}}
{{- end -}}
{{- end -}}

{{/* Secret holding DATABASE_URL (and, for the bundled database, its password); CloudNativePG's app Secret in that mode. */}}
{{- define "todo.databaseSecretName" -}}
{{- $mode := include "todo.databaseMode" . -}}
{{- if eq $mode "external" -}}
{{- required "database.external.existingSecret is required when database.external.enabled" .Values.database.external.existingSecret -}}
{{- else if eq $mode "cloudnative-pg" -}}
{{- printf "%s-app" (include "todo.componentName" (dict "root" . "component" "database")) -}}
{{- else -}}
{{- default (include "todo.componentName" (dict "root" . "component" "database")) .Values.database.auth.existingSecret -}}
{{- end -}}
{{- end -}}

{{/* Keys of the database Secret: the URL and the app user's password (CloudNativePG's app Secret names them `uri`, `password`). */}}
{{- define "todo.databaseUrlKey" -}}
{{- ternary "uri" "DATABASE_URL" (eq (include "todo.databaseMode" .) "cloudnative-pg") -}}
{{- end -}}

{{- define "todo.databasePasswordKey" -}}
{{- ternary "password" "POSTGRES_PASSWORD" (eq (include "todo.databaseMode" .) "cloudnative-pg") -}}
{{- end -}}

{{/* The Service of PostgreSQL itself: the StatefulSet's, or the CloudNativePG cluster's primary (`-rw`). */}}
{{- define "todo.databaseHost" -}}
{{- $name := include "todo.componentName" (dict "root" . "component" "database") -}}
{{- ternary (printf "%s-rw" $name) $name (eq (include "todo.databaseMode" .) "cloudnative-pg") -}}
{{- end -}}

{{/*
The API's connection settings through the pooler (database.pooler.enabled): DATABASE_URL to the pooler (built from the
password by the kubelet), DATABASE_DIRECT_URL to PostgreSQL itself for the migrations' session-level lock. Without the
pooler, DATABASE_URL to PostgreSQL. Env entries; the password entry comes first so that $(...) can expand it.
*/}}
{{- define "todo.databaseUrlEnv" -}}
{{- $secret := include "todo.databaseSecretName" . -}}
{{- if .Values.database.pooler.enabled }}
{{- if eq (include "todo.databaseMode" .) "external" }}
{{- fail "database.pooler.enabled needs the bundled database (statefulset or cloudnative-pg): put an external database's own pooler in its DATABASE_URL" -}}
{{- end }}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ include "todo.databasePasswordKey" . }}
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(DATABASE_PASSWORD)@%s:5432/%s" .Values.database.auth.username (include "todo.poolerName" .) .Values.database.auth.database | quote }}
- name: DATABASE_DIRECT_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ include "todo.databaseUrlKey" . }}
{{- else }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ include "todo.databaseUrlKey" . }}
{{- end }}
{{- end -}}

{{/*
The storage request of a StatefulSet's claim template: the live StatefulSet's when it exists (the field is immutable),
else the value. Call with (dict "root" $ "name" <StatefulSet name> "size" <value>).
*/}}
{{- define "todo.liveClaimSize" -}}
{{- $live := lookup "apps/v1" "StatefulSet" .root.Release.Namespace .name -}}
{{- $claims := dig "spec" "volumeClaimTemplates" list ($live | default dict) -}}
{{- if $claims -}}
{{- dig "spec" "resources" "requests" "storage" .size (first $claims) -}}
{{- else -}}
{{- .size -}}
{{- end -}}
{{- end -}}
