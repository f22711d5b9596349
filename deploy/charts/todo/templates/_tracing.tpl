{{/* Tracing: the OTLP endpoint and the settings that turn it on. */}}

{{/* OTEL_EXPORTER_OTLP_ENDPOINT: tracing.otlpEndpoint, else the bundled Jaeger, else empty (tracing off). */}}
{{- define "todo.otlpEndpoint" -}}
{{- if .Values.tracing.otlpEndpoint -}}
{{- .Values.tracing.otlpEndpoint -}}
{{- else if .Values.tracing.jaeger.enabled -}}
{{- printf "http://%s:4318" (include "todo.componentName" (dict "root" . "component" "jaeger")) -}}
{{- end -}}
{{- end -}}

{{/* ConfigMap entries that turn tracing on in the API and the web server (nothing when it is off). */}}
{{- define "todo.tracingEnv" -}}
{{- with include "todo.otlpEndpoint" . }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
OTEL_TRACES_SAMPLER: {{ $.Values.tracing.sampler | quote }}
{{- with $.Values.tracing.samplerArg }}
OTEL_TRACES_SAMPLER_ARG: {{ . | quote }}
{{- end }}
{{- end }}
{{- end -}}
