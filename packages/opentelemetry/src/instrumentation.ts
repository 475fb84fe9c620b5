import {
  type Attributes,
  type Counter,
  type Histogram,
  type Meter,
  type MeterProvider,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  ProxyTracerProvider,
  context,
  createNoopMeter,
  metrics,
  trace,
} from "@opentelemetry/api";
import type { CookieRejection, Instrumentation, SessionEvent, StoreOperation, TelemetryHooks, TelemetryTarget } from "@sess/core";
import { isSessError } from "@sess/core";
import { Attr, Metric, SCOPE, spanName } from "./names.js";

/** `openTelemetry()`'s options. */
export interface OpenTelemetryOptions {
  /** Where spans go (default: the global tracer provider, a no-op until an SDK registers one). */
  tracerProvider?: TracerProvider;
  /** Where metrics go (default: the global meter provider). */
  meterProvider?: MeterProvider;
  /** Make a span for each store call (default true); metrics are recorded either way. */
  spans?: boolean;
  /** Make store-call spans only inside a traced request (an active parent span), as many instrumentations offer (default false). */
  requireParentSpan?: boolean;
}

const OPERATIONS: readonly StoreOperation[] = ["read", "exists", "write", "touch", "regenerate", "destroy", "count", "gc", "list", "revoke"];
// Store calls take microseconds (memory) to tens of milliseconds (a remote SQL server).
const BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** An error's `error.type`: the `SessError` code, else the error's class name. Never its message, which may quote input. */
export function errorType(error: unknown): string {
  if (isSessError(error)) return error.code;
  return error instanceof Error ? error.constructor.name : "_OTHER";
}

/** The `telemetry` option of a sess Manager, reporting through OpenTelemetry. */
export function openTelemetry(options: OpenTelemetryOptions = {}): Instrumentation {
  return {
    forManager(target: TelemetryTarget): TelemetryHooks {
      const tracerProvider = options.tracerProvider ?? trace.getTracerProvider();
      const tracer = tracerProvider.getTracer(SCOPE);
      const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
      // Without an SDK every call would be the API's no-op: skip them, so the option then costs a
      // function call per store call. The SDK is therefore set up before the manager, as
      // OpenTelemetry's own setup asks (the API hands out no-op meters before that anyway).
      const tracing = (options.spans ?? true) && !(tracerProvider instanceof ProxyTracerProvider && tracerProvider.getDelegateTracer(SCOPE) === undefined);
      if (!tracing && meter.constructor === NOOP_METER) return PASSTHROUGH;
      return new OtelHooks(target, tracer, meter, tracing, options.requireParentSpan ?? false);
    },
  };
}

const NOOP_METER = createNoopMeter().constructor;

function ignore(): void {}

/** The hooks when no SDK listens: the store call runs as it is. */
const PASSTHROUGH: TelemetryHooks = {
  storeCall: (_operation, call) => call(),
  session: ignore,
  cookieRejected: ignore,
  storeDownFresh: ignore,
};

/** One manager's hooks: the attribute sets are made once, so a call allocates only its span. */
class OtelHooks implements TelemetryHooks {
  readonly #tracer: Tracer;
  readonly #spans: boolean;
  readonly #requireParent: boolean;
  readonly #kind: SpanKind;
  readonly #attrs = new Map<StoreOperation, Attributes>();
  readonly #names = new Map<StoreOperation, string>();
  readonly #base: Attributes;
  readonly #duration: Histogram;
  readonly #errors: Counter;
  readonly #events: Record<SessionEvent, Counter>;
  readonly #rejected: Counter;
  readonly #rejectedAttrs = new Map<CookieRejection, Attributes>();
  readonly #fresh: Counter;

  constructor(target: TelemetryTarget, tracer: Tracer, meter: Meter, spans: boolean, requireParent: boolean) {
    this.#tracer = tracer;
    this.#spans = spans;
    this.#requireParent = requireParent;
    // A networked store is a client call; an in-process one is internal work.
    this.#kind = target.dbSystem === undefined ? SpanKind.INTERNAL : SpanKind.CLIENT;
    this.#base = { [Attr.provider]: target.provider };
    const db: Attributes = target.dbSystem === undefined ? {} : { [Attr.dbSystem]: target.dbSystem, [Attr.dbSystemLegacy]: target.dbSystem };
    for (const op of OPERATIONS) {
      this.#attrs.set(op, { ...this.#base, ...db, [Attr.operation]: op });
      this.#names.set(op, spanName(op));
    }
    this.#duration = meter.createHistogram(Metric.storeDuration, { unit: "s", description: "Duration of session store calls", advice: { explicitBucketBoundaries: BUCKETS } });
    this.#errors = meter.createCounter(Metric.storeErrors, { unit: "{error}", description: "Session store calls that failed, by error.type" });
    const counter = (name: string, description: string) => meter.createCounter(name, { unit: "{session}", description });
    this.#events = {
      created: counter(Metric.created, "Sessions first stored"),
      destroyed: counter(Metric.destroyed, "Sessions ended by destroy() or a revoke"),
      regenerated: counter(Metric.regenerated, "Sessions given a new id"),
      expired: counter(Metric.expired, "Sessions found expired on load or removed by GC"),
    };
    this.#rejected = meter.createCounter(Metric.cookiesRejected, { unit: "{cookie}", description: "Session cookies not honoured, by reason" });
    this.#fresh = meter.createCounter(Metric.storeDownFresh, { unit: "{session}", description: "Detached sessions served while the store was down" });
  }

  storeCall<T>(operation: StoreOperation, call: () => Promise<T>): Promise<T> {
    const attrs = this.#attrs.get(operation)!;
    const parent = this.#spans ? context.active() : undefined;
    const span = parent !== undefined && (!this.#requireParent || trace.getSpan(parent) !== undefined)
      ? this.#tracer.startSpan(this.#names.get(operation)!, { kind: this.#kind, attributes: attrs }, parent)
      : undefined;
    const start = performance.now();
    let pending: Promise<T>;
    try {
      // The span is active while the provider runs, so a database client's own spans nest under it.
      pending = span === undefined || !span.isRecording() ? call() : context.with(trace.setSpan(parent!, span), call);
    } catch (error) {
      // A provider must reject rather than throw; one that throws is still measured, and its error passes through untouched.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the provider's own error, passed on as it is
      pending = Promise.reject(error);
    }
    return pending.then(
      (value) => {
        this.#duration.record((performance.now() - start) / 1000, attrs);
        span?.end();
        return value;
      },
      (error: unknown) => {
        this.#failed(attrs, start, span, error);
        throw error;
      },
    );
  }

  #failed(attrs: Attributes, start: number, span: Span | undefined, error: unknown): void {
    const type = errorType(error);
    const failed = { ...attrs, [Attr.errorType]: type };
    this.#duration.record((performance.now() - start) / 1000, failed);
    this.#errors.add(1, failed);
    if (span !== undefined) {
      span.setAttribute(Attr.errorType, type);
      // No description: a message may quote the input that caused it.
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  }

  session(event: SessionEvent, count: number): void {
    this.#events[event].add(count, this.#base);
  }

  cookieRejected(reason: CookieRejection): void {
    let attrs = this.#rejectedAttrs.get(reason);
    if (attrs === undefined) this.#rejectedAttrs.set(reason, (attrs = { ...this.#base, [Attr.rejection]: reason }));
    this.#rejected.add(1, attrs);
  }

  storeDownFresh(): void {
    this.#fresh.add(1, this.#base);
  }
}
