// OpenTelemetry for sess: pass `openTelemetry()` as a Manager's `telemetry` option.
export { openTelemetry, errorType, type OpenTelemetryOptions } from "./instrumentation.js";
export { Attr, Metric, SCOPE, spanName } from "./names.js";
