{{/* The database's TLS (database.tls, CloudNativePG) and how clients verify it. */}}

{{/* "true" when the chart's StatefulSet serves TLS (database.tls.enabled); empty otherwise. */}}
{{- define "todo.databaseTls" -}}
{{- if .Values.database.tls.enabled -}}
{{- if .Values.database.external.enabled -}}
{{- fail "database.tls.enabled is for the bundled database: for an external one set database.ssl.mode" -}}
{{- end -}}
{{- if eq .Values.database.mode "statefulset" }}true{{ end -}}
{{- end -}}
{{- end -}}

{{/* "true" when clients verify the database against a CA the chart mounts: its own (database.tls), or CloudNativePG's (always TLS). */}}
{{- define "todo.databaseClientTls" -}}
{{- if or (include "todo.databaseTls" .) (eq (include "todo.databaseMode" .) "cloudnative-pg") }}true{{ end -}}
{{- end -}}

{{/* Secret holding ca.crt (and for the StatefulSet tls.crt and tls.key): the chart's, or the CloudNativePG cluster's CA. */}}
{{- define "todo.databaseTlsSecretName" -}}
{{- if eq (include "todo.databaseMode" .) "cloudnative-pg" -}}
{{- printf "%s-ca" (include "todo.componentName" (dict "root" . "component" "database")) -}}
{{- else -}}
{{- default (include "todo.componentName" (dict "root" . "component" "database-tls")) .Values.database.tls.existingSecret -}}
{{- end -}}
{{- end -}}

{{/* How clients connect: verify-full against the mounted CA (database.tls, CloudNativePG), else database.ssl.mode. */}}
{{- define "todo.databaseSslMode" -}}
{{- ternary "verify-full" .Values.database.ssl.mode (eq (include "todo.databaseClientTls" .) "true") -}}
{{- end -}}

{{/* The CA that verify-full trusts: the mounted ca.crt, else the system's CAs (an external database); empty otherwise. */}}
{{- define "todo.databaseSslCaFile" -}}
{{- if include "todo.databaseClientTls" . -}}
/etc/database-tls/ca.crt
{{- else if eq .Values.database.ssl.mode "verify-full" -}}
system
{{- end -}}
{{- end -}}

{{/* The volume of a client pod holding the database's CA (only ca.crt: clients never see the key). */}}
{{- define "todo.databaseCaVolume" -}}
{{- if include "todo.databaseClientTls" . }}
- name: database-ca
  secret:
    secretName: {{ include "todo.databaseTlsSecretName" . }}
    items:
      - key: ca.crt
        path: ca.crt
{{- end }}
{{- end -}}

{{/* Its mount. */}}
{{- define "todo.databaseCaMount" -}}
{{- if include "todo.databaseClientTls" . }}
- name: database-ca
  mountPath: /etc/database-tls
  readOnly: true
{{- end }}
{{- end -}}

{{/*
Whether the migrations Job (a pre-upgrade hook, so before the database restarts with new settings) connects with TLS:
as the running StatefulSet serves (ssl=on among its arguments), else as configured (install, helm template). So the
upgrade that turns database.tls on or off migrates over the connection the database still has.
*/}}
{{- define "todo.migrationsTls" -}}
{{- $live := lookup "apps/v1" "StatefulSet" .Release.Namespace (include "todo.componentName" (dict "root" . "component" "database")) -}}
{{- if and $live (eq (include "todo.databaseMode" .) "statefulset") -}}
{{- if has "ssl=on" ((first $live.spec.template.spec.containers).args | default list) }}true{{ end -}}
{{- else -}}
{{- include "todo.databaseClientTls" . -}}
{{- end -}}
{{- end -}}
