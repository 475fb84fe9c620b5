import { type Attributes, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type DataPoint, type Histogram } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { Instrumentation } from "@sess/core";
import { openTelemetry, type OpenTelemetryOptions } from "../../src/index.js";

/** A span as the tests compare it. */
export interface SeenSpan {
  name: string;
  kind: SpanKind;
  attributes: Attributes;
  error: boolean;
}

/** A metric data point: the counter's sum, or the histogram's count. */
export interface SeenPoint {
  metric: string;
  attributes: Attributes;
  value: number;
}

/** The real OpenTelemetry SDK with in-memory exporters, and a sess Instrumentation reporting to it. */
export class OtelCapture {
  readonly spanExporter = new InMemorySpanExporter();
  readonly metricExporter = new InMemoryMetricExporter(AggregationTemporality.DELTA);
  readonly tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(this.spanExporter)] });
  readonly reader = new PeriodicExportingMetricReader({ exporter: this.metricExporter, exportIntervalMillis: 3_600_000 });
  readonly meterProvider = new MeterProvider({ readers: [this.reader] });
  /** Everything seen since the capture began, for the no-secrets check. */
  readonly everything: (SeenSpan | SeenPoint)[] = [];

  instrumentation(options: OpenTelemetryOptions = {}): Instrumentation {
    return openTelemetry({ tracerProvider: this.tracerProvider, meterProvider: this.meterProvider, ...options });
  }

  /** The spans ended since the last call, in the order they ended. */
  spans(): SeenSpan[] {
    const seen = this.spanExporter.getFinishedSpans().map((span) => ({
      name: span.name,
      kind: span.kind,
      attributes: { ...span.attributes },
      error: span.status.code === SpanStatusCode.ERROR,
    }));
    this.spanExporter.reset();
    this.everything.push(...seen);
    return seen;
  }

  /** The data points recorded since the last call (delta temporality), sorted by metric name. */
  async points(): Promise<SeenPoint[]> {
    await this.reader.forceFlush();
    const seen: SeenPoint[] = [];
    for (const resource of this.metricExporter.getMetrics()) {
      for (const scope of resource.scopeMetrics) {
        for (const metric of scope.metrics) {
          for (const point of metric.dataPoints as DataPoint<number | Histogram>[]) {
            const value = typeof point.value === "number" ? point.value : point.value.count;
            if (value !== 0) seen.push({ metric: metric.descriptor.name, attributes: { ...point.attributes }, value });
          }
        }
      }
    }
    this.metricExporter.reset();
    this.everything.push(...seen);
    return seen.sort((a, b) => a.metric.localeCompare(b.metric) || JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)));
  }

  /** Span names and the counters' values, in short form: ["sess.store.read"], { "sess.sessions.created": 1 }. */
  async summary(): Promise<{ spans: string[]; counts: Record<string, number> }> {
    const spans = this.spans().map((s) => s.name + (s.error ? " (error)" : ""));
    const counts: Record<string, number> = {};
    for (const p of await this.points()) {
      const reason = p.attributes["sess.cookie.rejection.reason"];
      const op = p.attributes["db.operation.name"];
      const key = p.metric + (reason !== undefined ? `{${String(reason)}}` : op !== undefined ? `{${String(op)}}` : "");
      counts[key] = (counts[key] ?? 0) + p.value;
    }
    return { spans, counts };
  }

  async shutdown(): Promise<void> {
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
  }
}

/** Every string in the attributes and names seen, for checking that no secret reached telemetry. */
export function allStrings(seen: readonly (SeenSpan | SeenPoint)[]): string[] {
  const out: string[] = [];
  for (const item of seen) {
    out.push("name" in item ? item.name : item.metric);
    for (const [key, value] of Object.entries(item.attributes)) out.push(key, String(value));
  }
  return out;
}
