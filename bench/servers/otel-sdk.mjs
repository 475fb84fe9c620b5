import { context, metrics, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { ExportResultCode } from "@opentelemetry/core";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { openTelemetry } from "@sess/opentelemetry";

// Exporters that accept everything and send nothing: the SDK's whole cost (spans made, sampled,
// batched; histograms and counters aggregated) without a network in the figure.
const noop = {
  export: (_items, done) => done({ code: ExportResultCode.SUCCESS }),
  shutdown: async () => {},
  forceFlush: async () => {},
};

/**
 * Registers the OpenTelemetry SDK globally, as an app's setup would (AsyncLocalStorage context,
 * batched spans, periodic metrics), and returns the manager options for `mode`: "sdk" none (the
 * SDK's own cost), "otel" sess's telemetry with spans and metrics, "otel-metrics" metrics only;
 * "otel-api" registers nothing.
 */
export async function sdkOptions(mode) {
  // "otel-api": @opentelemetry/api installed but no SDK registered, so every call is the API's no-op.
  if (mode === "otel-api") return { telemetry: openTelemetry() };
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(noop)] }));
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: noop, exportIntervalMillis: 10_000 })] }));
  if (mode === "sdk") return {};
  return { telemetry: openTelemetry({ spans: mode !== "otel-metrics" }) };
}
