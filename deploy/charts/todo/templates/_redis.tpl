{{/* Redis (optional cache): its URL and password Secret. */}}

{{/* REDIS_URL of the API: the bundled Redis, else redis.externalUrl, else empty (no Redis). */}}
{{- define "todo.redisUrl" -}}
{{- if and .Values.redis.enabled .Values.redis.externalUrl -}}
{{- fail "redis.enabled and redis.externalUrl exclude each other: set one" -}}
{{- else if .Values.redis.enabled -}}
{{- printf "redis://%s:6379" (include "todo.componentName" (dict "root" . "component" "redis")) -}}
{{- else -}}
{{- .Values.redis.externalUrl -}}
{{- end -}}
{{- end -}}

{{/* Secret holding REDIS_PASSWORD: redis.auth.existingSecret, else the bundled Redis's generated one, else none. */}}
{{- define "todo.redisSecretName" -}}
{{- if .Values.redis.auth.existingSecret -}}
{{- .Values.redis.auth.existingSecret -}}
{{- else if .Values.redis.enabled -}}
{{- include "todo.componentName" (dict "root" . "component" "redis") -}}
{{- end -}}
{{- end -}}
