{{/* Secrets of the app: their names, and values generated once. */}}

{{/* Secret holding BETTER_AUTH_SECRET. */}}
{{- define "todo.authSecretName" -}}
{{- default (include "todo.componentName" (dict "root" . "component" "auth")) .Values.auth.existingSecret -}}
{{- end -}}

{{/* Secret holding BACKUP_ENCRYPTION_KEY. */}}
{{- define "todo.backupSecretName" -}}
{{- default (include "todo.componentName" (dict "root" . "component" "backup")) .Values.backup.encryption.existingSecret -}}
{{- end -}}

{{/* The value of a key of an existing Secret, or a new random one: generated once, kept on upgrade. */}}
{{- define "todo.keepOrGenerate" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .name -}}
{{- if and $existing (index ($existing.data | default dict) .key) -}}
{{- index $existing.data .key | b64dec -}}
{{- else -}}
{{- randAlphaNum (int .length) -}}
{{- end -}}
{{- end -}}
