{{/* The connection budget: what the clients may open against max_connections, and its memory. */}}

{{/*
What the API costs PostgreSQL behind the pooler: each pooler replica's server pool (the statefulset mode's Deployment
and CloudNativePG's Pooler alike), the direct connection a starting API pod migrates over (migrations.onStart), and
with Redis on each API pod's direct LISTEN connection (cross-replica cache invalidation).
*/}}
{{- define "todo.poolerServerConnections" -}}
{{- $p := .Values.database.pooler -}}
{{- $listeners := ternary (add (include "todo.maxReplicas" .Values.backend) 1) 0 (ne (include "todo.redisUrl" .) "") -}}
{{- add (mul $p.replicas $p.poolSize) (ternary 1 0 .Values.migrations.onStart) $listeners -}}
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
