import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Config } from './config.js';

export interface Tracing {
  /** Exports the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK and registers it globally (W3C `traceparent` propagation, AsyncLocalStorage
 * context). The exporters read the standard OTEL_EXPORTER_OTLP_* variables, the provider OTEL_TRACES_SAMPLER and
 * OTEL_BSP_*, the resource OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES.
 *
 * Nothing is auto-instrumented: the server is esbuild bundles, where require hooks cannot patch modules. The
 * spans come from `plugins/external/otel.ts` (@fastify/otel, registered explicitly) and, for the pool's queries, from
 * `plugins/database-instrumentation.ts`.
 */
export function startTracing({ protocol }: NonNullable<Config['otlp']>): Tracing {
  const exporter = protocol === 'http/json' ? new JsonExporter() : new ProtobufExporter();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'todo-backend' }).merge(
      detectResources({ detectors: [envDetector] }),
    ),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}
