import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import { createManager } from "@sess/core";
import { MemoryProvider } from "@sess/provider-memory";
import { expect, it } from "vitest";
import { openTelemetry } from "../src/index.js";

it("the README's Prometheus setup: a scrape shows the store latency histogram and the session counters", async () => {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({ readers: [exporter] });
  const manager = await createManager({ provider: new MemoryProvider(), maxLifetime: 3600, telemetry: openTelemetry({ meterProvider, spans: false }) });
  const session = manager.create();
  session.set("n", 1);
  await session.release();
  await (await manager.load(session.id))!.destroy();

  const server = createServer((req, res) => exporter.getMetricsRequestHandler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const text = await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`)).text();
    expect(text).toMatch(/^sess_sessions_created_total\{sess_provider="memory",[^}]*\} 1$/m);
    expect(text).toMatch(/^sess_sessions_destroyed_total\{sess_provider="memory",[^}]*\} 1$/m);
    expect(text).toMatch(/^sess_store_operation_duration_count\{sess_provider="memory",db_operation_name="write",[^}]*\} 1$/m);
    expect(text).toMatch(/^sess_store_operation_duration_bucket\{sess_provider="memory",db_operation_name="read",[^}]*le="\+Inf"\} 1$/m);
    expect(text).not.toContain(session.id);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await manager.close();
    await meterProvider.shutdown();
  }
});
