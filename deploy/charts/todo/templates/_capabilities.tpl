{{/* What the cluster must serve before the chart creates it. */}}

{{/*
Fails unless the cluster serves a custom resource the chart is about to create, naming what installs it (helm
template, with no cluster: --api-versions <group/version>/<Kind>). Call with (dict "root" $ "api" "<group/version>"
"kind" <Kind> "by" <what installs it>).
*/}}
{{- define "todo.requireApi" -}}
{{- if not (.root.Capabilities.APIVersions.Has (printf "%s/%s" .api .kind)) -}}
{{- fail (printf "%s (%s) is not installed in this cluster: install %s first (helm template: --api-versions %s/%s)" .kind .api .by .api .kind) -}}
{{- end -}}
{{- end -}}
