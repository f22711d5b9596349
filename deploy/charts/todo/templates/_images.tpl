{{/* Image references and pull secrets. */}}

{{/*
Any image of the chart: [<registry>/]<repository>[:<tag>][@<digest>]. The registry is the image's own, else
image.registry (empty: the repository as written); the tag defaults to the chart's appVersion; a digest pins it.
Call with (dict "root" $ "image" <values of the image>).
*/}}
{{- define "todo.image" -}}
{{- $registry := default .root.Values.image.registry .image.registry -}}
{{- $ref := ternary (printf "%s/%s" $registry .image.repository) .image.repository (ne $registry "") -}}
{{- $ref = printf "%s:%s" $ref (default .root.Chart.AppVersion .image.tag) -}}
{{- with .image.digest }}{{ $ref = printf "%s@%s" $ref . }}{{ end -}}
{{- $ref -}}
{{- end -}}

{{/* imagePullSecrets of every pod spec (nothing without image.pullSecrets). Call with $. */}}
{{- define "todo.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets -}}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- end -}}
