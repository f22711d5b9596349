{{/* The PgBouncer pooler (database.pooler.enabled): its names. */}}

{{/* The pooler's Service name and DNS names (for the certificate the pooler presents). */}}
{{- define "todo.poolerName" -}}
{{- include "todo.componentName" (dict "root" . "component" "pooler") -}}
{{- end -}}

{{- define "todo.poolerDnsNames" -}}
{{- $svc := include "todo.poolerName" . -}}
{{- $names := list $svc -}}
{{- range $suffix := list .Release.Namespace (printf "%s.svc" .Release.Namespace) (printf "%s.svc.%s" .Release.Namespace .Values.database.tls.clusterDomain) -}}
{{- $names = append $names (printf "%s.%s" $svc $suffix) -}}
{{- end -}}
{{- toJson $names -}}
{{- end -}}
