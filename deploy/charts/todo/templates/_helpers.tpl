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

{{/*
Labels of a pod template: the selector labels and commonLabels only. Nothing that changes with the chart's version,
so a chart upgrade alone rolls no pod (the database above all).
*/}}
{{- define "todo.podLabels" -}}
{{ include "todo.selectorLabels" . }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

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

{{/*
Checksum of a ConfigMap or Secret template's data only (its labels carry the chart version, which must not roll pods).
Call with (dict "root" $ "template" "/backend/configmap.yaml").
*/}}
{{- define "todo.dataChecksum" -}}
{{- $object := include (print .root.Template.BasePath .template) .root | fromYaml -}}
{{- pick $object "data" "stringData" "binaryData" | toJson | sha256sum -}}
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

{{/* Secret holding DATABASE_URL (and, for the bundled database, its password). */}}
{{- define "todo.databaseSecretName" -}}
{{- if .Values.database.external.enabled -}}
{{- required "database.external.existingSecret is required when database.external.enabled" .Values.database.external.existingSecret -}}
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
Egress to the database: the bundled pods, or the external database's address ranges, on 5432; for a meshed client
of the bundled (meshed) database also the proxy's port. Call with (dict "root" $ "meshed" true|false).
*/}}
{{- define "todo.databaseEgress" -}}
{{- $v := .root.Values -}}
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

{{/* "true" when the bundled database serves TLS (database.tls.enabled); empty otherwise. */}}
{{- define "todo.databaseTls" -}}
{{- if .Values.database.tls.enabled -}}
{{- if .Values.database.external.enabled -}}
{{- fail "database.tls.enabled is for the bundled database: for an external one set database.ssl.mode" -}}
{{- end -}}
true
{{- end -}}
{{- end -}}

{{/* Secret holding ca.crt, tls.crt and tls.key of the bundled database. */}}
{{- define "todo.databaseTlsSecretName" -}}
{{- default (include "todo.componentName" (dict "root" . "component" "database-tls")) .Values.database.tls.existingSecret -}}
{{- end -}}

{{/* How clients connect: verify-full against the chart's CA with database.tls, else database.ssl.mode. */}}
{{- define "todo.databaseSslMode" -}}
{{- ternary "verify-full" .Values.database.ssl.mode (eq (include "todo.databaseTls" .) "true") -}}
{{- end -}}

{{/* The CA that verify-full trusts: the mounted ca.crt, else the system's CAs (an external database); empty otherwise. */}}
{{- define "todo.databaseSslCaFile" -}}
{{- if include "todo.databaseTls" . -}}
/etc/database-tls/ca.crt
{{- else if eq .Values.database.ssl.mode "verify-full" -}}
system
{{- end -}}
{{- end -}}

{{/* The volume of a client pod holding the database's CA (only ca.crt: clients never see the key). */}}
{{- define "todo.databaseCaVolume" -}}
{{- if include "todo.databaseTls" . }}
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
{{- if include "todo.databaseTls" . }}
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
{{- if and $live (not .Values.database.external.enabled) -}}
{{- if has "ssl=on" ((first $live.spec.template.spec.containers).args | default list) }}true{{ end -}}
{{- else -}}
{{- include "todo.databaseTls" . -}}
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
    {{- include "todo.ipBlocks" (dict "root" $ "cidrs" .Values.redis.egressCidrs "value" "redis.egressCidrs") | nindent 4 }}
  ports:
    - port: {{ regexFind ":[0-9]+$" $url.host | trimPrefix ":" | default "6379" }}
      protocol: TCP
{{- end }}
{{- end -}}

{{/* ---- Day two: shutdown timing, disruption budgets, autoscaling, egress ranges, the connection budget ---- */}}

{{/*
Seconds a server keeps serving, not ready, after SIGTERM: its shutdownDrainSeconds, and with the chat on at least a
chat turn (plus 5 s), so a rollout lets running turns finish. Call with (dict "root" $ "drain" <shutdownDrainSeconds>).
*/}}
{{- define "todo.drainSeconds" -}}
{{- $drain := int .drain -}}
{{- if .root.Values.chat.enabled }}{{ $drain = max $drain (add .root.Values.chat.timeoutSeconds 5) }}{{ end -}}
{{- $drain -}}
{{- end -}}

{{/*
terminationGracePeriodSeconds from its parts: the preStop sleep (drain, while the endpoints forget the pod), the
server's drain after SIGTERM, the API's 10 s to close its connections, and a 5 s margin. Same call as todo.drainSeconds.
*/}}
{{- define "todo.gracePeriodSeconds" -}}
{{- add (int .drain) (include "todo.drainSeconds" .) 10 5 -}}
{{- end -}}

{{/* The fewest replicas a Deployment runs: the autoscaler's minimum, else replicas. Call with the component's values. */}}
{{- define "todo.minReplicas" -}}
{{- ternary .autoscaling.minReplicas .replicas .autoscaling.enabled -}}
{{- end -}}

{{/* The most: the autoscaler's maximum, else replicas. */}}
{{- define "todo.maxReplicas" -}}
{{- ternary .autoscaling.maxReplicas .replicas .autoscaling.enabled -}}
{{- end -}}

{{/* A PodDisruptionBudget's spec that never blocks a node drain: minAvailable below the fewest replicas, and unhealthy
pods (all of them in a database outage) evictable. Call with (dict "root" $ "component" <name>). */}}
{{- define "todo.pdbSpec" -}}
{{- $v := index .root.Values .component -}}
{{- $min := int (include "todo.minReplicas" $v) -}}
{{- if ge (int $v.pdb.minAvailable) $min -}}
{{- fail (printf "%s.pdb.minAvailable (%d) must be below the fewest replicas (%d), or no node could ever be drained" .component (int $v.pdb.minAvailable) $min) -}}
{{- end -}}
minAvailable: {{ $v.pdb.minAvailable }}
unhealthyPodEvictionPolicy: AlwaysAllow
selector:
  matchLabels:
    {{- include "todo.selectorLabels" . | nindent 4 }}
{{- end -}}

{{/* The autoscaler's bounds and scale-down behaviour. Call with (dict "root" $ "component" <name>). */}}
{{- define "todo.hpaSpec" -}}
{{- $a := (index .root.Values .component).autoscaling -}}
{{- if gt (int $a.minReplicas) (int $a.maxReplicas) -}}
{{- fail (printf "%s.autoscaling.minReplicas (%d) is above maxReplicas (%d)" .component (int $a.minReplicas) (int $a.maxReplicas)) -}}
{{- end -}}
minReplicas: {{ $a.minReplicas }}
maxReplicas: {{ $a.maxReplicas }}
behavior:
  scaleDown:
    stabilizationWindowSeconds: {{ $a.scaleDownStabilizationSeconds }}
    policies:
      - type: Pods
        value: 1
        periodSeconds: 60
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
The connection budget of the bundled or external PostgreSQL: what its clients may open at maximum scale (the API at
its most replicas plus a surge pod, times its pool; the migrations Job and a backup, one each; the superuser reserve)
against max_connections. The render fails, naming the numbers, when they do not fit. With database.pooler.enabled the
API's connections end at the pooler, and its server-side pool (todo.poolerServerConnections) counts instead.
*/}}
{{- define "todo.databaseClientConnections" -}}
{{- if (.Values.database.pooler).enabled -}}
{{- include "todo.poolerServerConnections" . -}}
{{- else -}}
{{- mul (add (include "todo.maxReplicas" .Values.backend) 1) .Values.database.pool.max -}}
{{- end -}}
{{- end -}}

{{- define "todo.databaseMaxConnections" -}}
{{- if .Values.database.external.enabled -}}
{{- if not .Values.database.external.maxConnections -}}
{{- fail "database.external.maxConnections: state the connections this release may use on the external database (its max_connections, SHOW max_connections, less what others use)" -}}
{{- end -}}
{{- .Values.database.external.maxConnections -}}
{{- else -}}
{{- .Values.database.maxConnections -}}
{{- end -}}
{{- end -}}

{{/* A memory quantity of the values (the schema allows Ki, Mi, Gi, Ti) in MiB, rounded down. */}}
{{- define "todo.mebibytes" -}}
{{- $n := regexFind "^[0-9]+" . | int64 -}}
{{- $unit := trimPrefix (toString $n) . -}}
{{- $factor := get (dict "Ki" 0 "Mi" 1 "Gi" 1024 "Ti" 1048576) $unit -}}
{{- if eq $unit "Ki" }}{{ div $n 1024 }}{{ else }}{{ mul $n $factor }}{{ end -}}
{{- end -}}

{{/*
The bundled server's memory holds its connections: shared_buffers (PostgreSQL's default, 128 MiB) and 128 MiB for the
server's own processes, plus 2 MiB per connection (a backend's own memory; queries' work_mem comes on top).
*/}}
{{- define "todo.databaseMemoryCheck" -}}
{{- $d := .Values.database -}}
{{- $needed := add 256 (mul 2 $d.maxConnections) -}}
{{- $limit := int64 (include "todo.mebibytes" $d.resources.limits.memory) -}}
{{- if lt $limit $needed -}}
{{- fail (printf "database.resources.limits.memory %s is below what max_connections %d needs: %dMi (256Mi + 2Mi per connection)" $d.resources.limits.memory (int $d.maxConnections) $needed) -}}
{{- end -}}
{{- end -}}

{{- define "todo.connectionBudget" -}}
{{- $api := int (include "todo.databaseClientConnections" .) -}}
{{- $jobs := add 1 (ternary 1 0 .Values.backup.enabled) -}}
{{- $reserved := int .Values.database.reservedConnections -}}
{{- $max := int (include "todo.databaseMaxConnections" .) -}}
{{- $needed := add $api $jobs $reserved -}}
{{- if gt $needed $max -}}
{{- fail (printf "connection budget: %d needed at maximum scale (API %d + jobs %d + reserved %d) but max_connections is %d: raise database.maxConnections (and the database's memory), or lower database.pool.max or backend's maxReplicas" $needed $api $jobs $reserved $max) -}}
{{- end -}}
{{- $needed -}}
{{- end -}}

{{/*
The storage request of a StatefulSet's claim template: the live StatefulSet's when it exists (the field is immutable),
else the value. Call with (dict "root" $ "name" <StatefulSet name> "size" <value>).
*/}}
{{- define "todo.liveClaimSize" -}}
{{- $live := lookup "apps/v1" "StatefulSet" .root.Release.Namespace .name -}}
{{- $claims := dig "spec" "volumeClaimTemplates" list ($live | default dict) -}}
{{- if $claims -}}
{{- dig "spec" "resources" "requests" "storage" .size (first $claims) -}}
{{- else -}}
{{- .size -}}
{{- end -}}
{{- end -}}

{{/*
Where a component's pods run: its scheduling.nodeSelector, affinity, tolerations and priorityClassName (nothing
when unset). Call with (dict "root" $ "component" <name>) inside a pod spec.
*/}}
{{- define "todo.scheduling" -}}
{{- with (index .root.Values .component).scheduling }}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* A component's podAnnotations (e.g. for a log or security agent). */}}
{{- define "todo.podAnnotations" -}}
{{- with (index .root.Values .component).podAnnotations }}
{{- toYaml . }}
{{- end }}
{{- end -}}

{{/* A component's serviceAccount.annotations (workload identity: eks.amazonaws.com/role-arn, iam.gke.io/gcp-service-account). */}}
{{- define "todo.serviceAccountAnnotations" -}}
{{- with (index .root.Values .component).serviceAccount.annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

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
