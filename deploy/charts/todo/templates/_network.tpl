{{/* NetworkPolicy peers and egress rules. */}}

{{/* A NetworkPolicy peer: the chart's pods of one component. */}}
{{- define "todo.peer" -}}
- podSelector:
    matchLabels:
      app.kubernetes.io/instance: {{ .root.Release.Name }}
      app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/*
NetworkPolicy peers for address ranges. A range holding everything (0.0.0.0/0) excepts networkPolicy.clusterCidrs:
the pod, service and node ranges and link-local (the cloud metadata address), which ipBlock otherwise lets through.
A feature that needs egress and has no range fails. Call with (dict "root" $ "cidrs" <list> "value" <its values key>).
*/}}
{{- define "todo.ipBlocks" -}}
{{- if not .cidrs -}}
{{- fail (printf "%s: give the address ranges this needs to reach (nothing is allowed by default)" .value) -}}
{{- end -}}
{{- range .cidrs }}
- ipBlock:
    cidr: {{ . }}
    {{- if eq . "0.0.0.0/0" }}
    except:
      {{- toYaml $.root.Values.networkPolicy.clusterCidrs | nindent 6 }}
    {{- end }}
{{- end }}
{{- end -}}

{{/*
Egress to the database: the bundled pods (the StatefulSet's or CloudNativePG's, labelled alike), or the external
database's address ranges, on 5432; for a meshed client of the bundled (meshed) database also the proxy's port; for
a client that goes through the pooler ("pooled" true, database.pooler.enabled) the pooler's pods too.
Call with (dict "root" $ "meshed" true|false), adding "pooled" true for the API.
*/}}
{{- define "todo.databaseEgress" -}}
{{- $v := .root.Values -}}
{{- if and .pooled $v.database.pooler.enabled }}
- to:
    {{- include "todo.peer" (dict "root" .root "component" "pooler") | nindent 4 }}
  ports:
    - port: 5432
      protocol: TCP
{{- end }}
- to:
    {{- if $v.database.external.enabled }}
    {{- include "todo.ipBlocks" (dict "root" .root "cidrs" $v.networkPolicy.externalDatabaseCidrs "value" "networkPolicy.externalDatabaseCidrs") | nindent 4 }}
    {{- else }}
    {{- include "todo.peer" (dict "root" .root "component" "database") | nindent 4 }}
    {{- end }}
  ports:
    - port: 5432
      protocol: TCP
    {{- if and .meshed (not $v.database.external.enabled) }}
    {{- include "todo.meshPort" (dict "root" .root "indent" 4) }}
    {{- end }}
{{- end -}}

{{/* Egress to the trace collector: tracing.egressCidrs on the endpoint's port, or the bundled Jaeger on 4318. */}}
{{- define "todo.tracingEgress" -}}
{{- if .Values.tracing.otlpEndpoint }}
{{- $url := urlParse .Values.tracing.otlpEndpoint }}
{{- $port := regexFind ":[0-9]+$" $url.host | trimPrefix ":" | default (ternary "443" "80" (eq $url.scheme "https")) }}
- to:
    {{- include "todo.ipBlocks" (dict "root" $ "cidrs" .Values.tracing.egressCidrs "value" "tracing.egressCidrs") | nindent 4 }}
  ports:
    - port: {{ $port }}
      protocol: TCP
{{- else if .Values.tracing.jaeger.enabled }}
- to:
    {{- include "todo.peer" (dict "root" $ "component" "jaeger") | nindent 4 }}
  ports:
    - port: 4318
      protocol: TCP
    {{- include "todo.meshPort" (dict "root" $ "indent" 4) }}
{{- end }}
{{- end -}}

{{/*
Egress to the chat's model provider, only when chat is on: an in-cluster namespace (e.g. Ollama's) when
networkPolicy.llmEgress.namespace is set, else networkPolicy.llmEgress.cidrs; on the port of chat.baseUrl.
*/}}
{{- define "todo.llmEgress" -}}
{{- if .Values.chat.enabled }}
{{- $egress := .Values.networkPolicy.llmEgress }}
{{- $url := urlParse .Values.chat.baseUrl }}
{{- $port := regexFind ":[0-9]+$" $url.host | trimPrefix ":" | default (ternary "443" "80" (eq $url.scheme "https")) }}
- to:
    {{- if $egress.namespace }}
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ $egress.namespace }}
      {{- with $egress.podLabels }}
      podSelector:
        matchLabels:
          {{- toYaml . | nindent 10 }}
      {{- end }}
    {{- else }}
    {{- include "todo.ipBlocks" (dict "root" $ "cidrs" $egress.cidrs "value" "networkPolicy.llmEgress.cidrs") | nindent 4 }}
    {{- end }}
  ports:
    - port: {{ $port }}
      protocol: TCP
{{- end }}
{{- end -}}

{{/* Egress to Redis: the bundled pods on 6379 (and the proxy's port with the mesh on), or redis.egressCidrs on the port of redis.externalUrl (6379 by default). */}}
{{- define "todo.redisEgress" -}}
{{- if .Values.redis.enabled }}
- to:
    {{- include "todo.peer" (dict "root" $ "component" "redis") | nindent 4 }}
  ports:
    - port: 6379
      protocol: TCP
    {{- include "todo.meshPort" (dict "root" $ "indent" 4) }}
{{- else if .Values.redis.externalUrl }}
{{- $url := urlParse .Values.redis.externalUrl }}
- to:
    {{- include "todo.ipBlocks" (dict "root" $ "cidrs" .Values.redis.egressCidrs "value" "redis.egressCidrs") | nindent 4 }}
  ports:
    - port: {{ regexFind ":[0-9]+$" $url.host | trimPrefix ":" | default "6379" }}
      protocol: TCP
{{- end }}
{{- end -}}

{{/*
Egress to the Kubernetes API server (database.cnpg.kubeApiCidrs), for the pods CloudNativePG's manager runs in: on
443, 6443 and 8443 (Minikube's), the ports API servers listen on behind the `kubernetes` Service.
*/}}
{{- define "todo.kubeApiEgress" -}}
- to:
    {{- include "todo.ipBlocks" (dict "root" . "cidrs" .Values.database.cnpg.kubeApiCidrs "value" "database.cnpg.kubeApiCidrs") | nindent 4 }}
  ports:
    - port: 443
      protocol: TCP
    - port: 6443
      protocol: TCP
    - port: 8443
      protocol: TCP
{{- end -}}
