{{/* The chart name, overridable. */}}
{{- define "todo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Object names start with this: the release name, plus the chart name unless the release already holds it. */}}
{{- define "todo.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "todo.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "todo.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of a component's objects: <fullname>-<component>. Call with (dict "root" $ "component" "backend"). */}}
{{- define "todo.componentName" -}}
{{- printf "%s-%s" (include "todo.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "todo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels of a component: stable for the life of a release. */}}
{{- define "todo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Recommended labels of a component's objects. */}}
{{- define "todo.labels" -}}
{{ include "todo.selectorLabels" . }}
app.kubernetes.io/part-of: {{ include "todo.name" .root }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "todo.chart" .root }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* A component's image: <registry>/<repository>:<tag>, the tag defaulting to the chart's appVersion. */}}
{{- define "todo.image" -}}
{{- $registry := .root.Values.image.registry -}}
{{- $tag := default .root.Chart.AppVersion .image.tag -}}
{{- if $registry -}}{{ printf "%s/%s:%s" $registry .image.repository $tag }}{{- else -}}{{ printf "%s:%s" .image.repository $tag }}{{- end -}}
{{- end -}}

{{/* The restricted Pod Security Standard, for pods and containers. */}}
{{- define "todo.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The same for pods running the PostgreSQL image: its postgres user. */}}
{{- define "todo.databasePodSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.database.runAsUser }}
runAsGroup: {{ .Values.database.runAsUser }}
fsGroup: {{ .Values.database.runAsUser }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "todo.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Secret holding BETTER_AUTH_SECRET. */}}
{{- define "todo.authSecretName" -}}
{{- default (include "todo.componentName" (dict "root" . "component" "auth")) .Values.auth.existingSecret -}}
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

{{/* A NetworkPolicy peer: the chart's pods of one component. */}}
{{- define "todo.peer" -}}
- podSelector:
    matchLabels:
      app.kubernetes.io/instance: {{ .root.Release.Name }}
      app.kubernetes.io/component: {{ .component }}
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
    {{- range $v.networkPolicy.externalDatabaseCidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
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

{{/* Pod annotations that let a plain Prometheus scrape a component (monitoring.mode=annotations). */}}
{{- define "todo.scrapeAnnotations" -}}
{{- if eq .root.Values.monitoring.mode "annotations" }}
prometheus.io/scrape: 'true'
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: {{ .path }}
{{- end }}
{{- end -}}

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

{{/* Egress to the trace collector: tracing.egressCidrs on the endpoint's port, or the bundled Jaeger on 4318. */}}
{{- define "todo.tracingEgress" -}}
{{- if .Values.tracing.otlpEndpoint }}
{{- $url := urlParse .Values.tracing.otlpEndpoint }}
{{- $port := regexFind ":[0-9]+$" $url.host | trimPrefix ":" | default (ternary "443" "80" (eq $url.scheme "https")) }}
- to:
    {{- range .Values.tracing.egressCidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
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
    {{- range $egress.cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
    {{- end }}
  ports:
    - port: {{ $port }}
      protocol: TCP
{{- end }}
{{- end -}}

{{/*
Linkerd (mesh.enabled): pod annotations. Long-running pods get the proxy. Pods that run to completion after the
release's policies are in place (backups, helm tests) get it as a native sidecar, which stops when their work is
done (a plain sidecar would keep the Job from completing). Call with (dict "root" $ "indent" <n>), adding
"job" true for those.
*/}}
{{- define "todo.meshAnnotations" -}}
{{- if .root.Values.mesh.enabled }}
{{- "linkerd.io/inject: enabled" | nindent .indent }}
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
    {{- range .Values.redis.egressCidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
    - port: {{ regexFind ":[0-9]+$" $url.host | trimPrefix ":" | default "6379" }}
      protocol: TCP
{{- end }}
{{- end -}}

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

{{/* Egress to the Kubernetes API server (database.cnpg.kubeApiCidrs), for the pods CloudNativePG's manager runs in. */}}
{{- define "todo.kubeApiEgress" -}}
- to:
    {{- range .Values.database.cnpg.kubeApiCidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
    - port: 443
      protocol: TCP
    - port: 6443
      protocol: TCP
{{- end -}}
