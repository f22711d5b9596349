{{/* Linkerd (mesh.enabled): pod annotations and the proxy's network rules. */}}

{{/*
Linkerd (mesh.enabled): pod annotations. Long-running pods get the proxy. Pods that run to completion after the
release's policies are in place (backups, helm tests) get it as a native sidecar, which stops when their work is
done (a plain sidecar would keep the Job from completing). Call with (dict "root" $ "indent" <n>), adding
"job" true for those.
*/}}
{{- define "todo.meshAnnotations" -}}
{{- if .root.Values.mesh.enabled }}
{{- "linkerd.io/inject: enabled" | nindent .indent }}
{{- /* The proxy's resources (else the namespace's LimitRange defaults would apply, and count against its quota). */}}
{{- with .root.Values.mesh.proxy.resources }}
{{- printf "config.linkerd.io/proxy-cpu-request: %s" (.requests.cpu | toString | quote) | nindent $.indent }}
{{- printf "config.linkerd.io/proxy-memory-request: %s" (.requests.memory | quote) | nindent $.indent }}
{{- printf "config.linkerd.io/proxy-cpu-limit: %s" (.limits.cpu | toString | quote) | nindent $.indent }}
{{- printf "config.linkerd.io/proxy-memory-limit: %s" (.limits.memory | quote) | nindent $.indent }}
{{- end }}
{{- if .job }}
{{- "config.beta.linkerd.io/proxy-enable-native-sidecar: 'true'" | nindent .indent }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The port meshed peers connect to when the mesh is on (Linkerd's proxy replaces the target port with its inbound
port), as a NetworkPolicy port. Call with (dict "root" $ "indent" <n>). */}}
{{- define "todo.meshPort" -}}
{{- if .root.Values.mesh.enabled }}
{{- "- port: 4143\n  protocol: TCP" | nindent .indent }}
{{- end }}
{{- end -}}

{{/* Egress of a meshed pod's proxy to Linkerd's control plane: identity 8080, destination 8086, policy 8090. */}}
{{- define "todo.meshControlPlaneEgress" -}}
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ .Values.mesh.controlPlaneNamespace }}
  ports:
    - port: 8080
      protocol: TCP
    - port: 8086
      protocol: TCP
    - port: 8090
      protocol: TCP
{{- end -}}

{{/* Ingress to a meshed pod's proxy admin port 4191 from linkerd-viz's Prometheus (nothing without mesh.vizNamespace). */}}
{{- define "todo.meshAdminIngress" -}}
{{- with .Values.mesh.vizNamespace }}
- from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ . }}
  ports:
    - port: 4191
      protocol: TCP
{{- end }}
{{- end -}}
