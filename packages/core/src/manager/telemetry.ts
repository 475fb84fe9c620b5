import type { CookieReader, VerifiedId } from "../cookies/cookie-reader.js";
import { type CookieRejection, signedRejection } from "../cookies/rejection.js";
import { SessError, SessErrorCode } from "../errors.js";
import type { ChangeSet, Provider, StoredSession, SubjectSession } from "../spi/contract.js";
import type { SealingProvider } from "../spi/sealing.js";

export type { CookieRejection } from "../cookies/rejection.js";

/** A provider call, named after the `Provider` method (`list` is `listSubject`, `revoke` is `destroySubject`). */
export type StoreOperation = "read" | "exists" | "write" | "touch" | "regenerate" | "destroy" | "count" | "gc" | "list" | "revoke";

/**
 * A change in a session's life: "created" (first stored), "destroyed" (by `destroy()` or a revoke),
 * "regenerated", "expired" (found past its time on load, or removed by GC).
 */
export type SessionEvent = "created" | "destroyed" | "regenerated" | "expired";

/** What a manager tells its instrumentation once, when it is made. */
export interface TelemetryTarget {
  /** The provider's name ("redis"). */
  readonly provider: string;
  /** The backend as OpenTelemetry's `db.system.name` spells it ("redis", "postgresql"), when the provider says. */
  readonly dbSystem: string | undefined;
  /** "store" for a server-side provider, "sealed" when sessions live in the cookie. */
  readonly kind: "store" | "sealed";
}

/** One manager's event hooks. Never given an id, storage key, subject or value. */
export interface TelemetryHooks {
  /** Runs one provider call; the hook may time it and make it the active span while `call` runs. */
  storeCall<T>(operation: StoreOperation, call: () => Promise<T>): Promise<T>;
  /** `count` sessions had this event (a revoke-all or a GC pass reports several at once). */
  session(event: SessionEvent, count: number): void;
  /** A request's session cookie was not honoured. */
  cookieRejected(reason: CookieRejection): void;
  /** The store was down and `storeDown: "fresh"` served a detached session. */
  storeDownFresh(): void;
}

/** The `telemetry` option: asked once per manager for its hooks (`@sess/opentelemetry` is one). */
export interface Instrumentation {
  /** The hooks for one manager. */
  forManager(target: TelemetryTarget): TelemetryHooks;
}

/** Rejects an option that is not an `Instrumentation` with `INVALID_CONFIG`. */
export function checkInstrumentation(value: unknown): Instrumentation | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || typeof (value as Instrumentation).forManager !== "function") {
    throw new SessError(SessErrorCode.INVALID_CONFIG, "telemetry must be an Instrumentation (an object with forManager(target)), such as openTelemetry() from @sess/opentelemetry");
  }
  return value as Instrumentation;
}

/** The hooks for a manager's provider, or undefined without the option: then nothing is wrapped and nothing costs. */
export function hooksFor(instrumentation: Instrumentation | undefined, provider: Provider | SealingProvider, sealed: boolean): TelemetryHooks | undefined {
  if (instrumentation === undefined) return undefined;
  const dbSystem = (provider as { dbSystem?: unknown }).dbSystem;
  return instrumentation.forManager({ provider: provider.name, dbSystem: typeof dbSystem === "string" ? dbSystem : undefined, kind: sealed ? "sealed" : "store" });
}

/**
 * A store provider whose every call goes through the hooks, and whose results become session
 * events. Wrapping once at construction keeps the session code free of telemetry. Optional
 * capabilities are present exactly when the wrapped provider has them.
 */
export class InstrumentedStore implements Provider {
  readonly name: string;
  readonly #inner: Provider;
  readonly #hooks: TelemetryHooks;
  readonly exists?: (key: string) => Promise<boolean>;
  readonly gc?: () => Promise<number>;
  readonly listSubject?: (subject: string) => Promise<SubjectSession[]>;
  readonly destroySubject?: (subject: string, exceptKey?: string) => Promise<number>;

  constructor(inner: Provider, hooks: TelemetryHooks) {
    this.name = inner.name;
    this.#inner = inner;
    this.#hooks = hooks;
    if (inner.exists) this.exists = (key) => hooks.storeCall("exists", () => inner.exists!(key));
    if (inner.gc) this.gc = () => hooks.storeCall("gc", () => inner.gc!()).then((n) => this.#events("expired", n));
    if (inner.listSubject) this.listSubject = (subject) => hooks.storeCall("list", () => inner.listSubject!(subject));
    if (inner.destroySubject) {
      this.destroySubject = (subject, except) => hooks.storeCall("revoke", () => inner.destroySubject!(subject, except)).then((n) => this.#events("destroyed", n));
    }
  }

  read(key: string): Promise<StoredSession | null> {
    return this.#hooks.storeCall("read", () => this.#inner.read(key));
  }

  // Plain .then instead of async/await: one promise less per call, which counts when an async-hooks context manager is on.
  write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    const written = this.#hooks.storeCall("write", () => this.#inner.write(key, change, expiresAt));
    return change.isNew ? written.then((ok) => this.#event(ok, "created")) : written;
  }

  touch(key: string, expiresAt: number): Promise<boolean> {
    return this.#hooks.storeCall("touch", () => this.#inner.touch(key, expiresAt));
  }

  regenerate(oldKey: string, newKey: string): Promise<boolean> {
    return this.#hooks.storeCall("regenerate", () => this.#inner.regenerate(oldKey, newKey)).then((moved) => this.#event(moved, "regenerated"));
  }

  destroy(key: string): Promise<void> {
    return this.#hooks.storeCall("destroy", () => this.#inner.destroy(key)).then(() => void this.#hooks.session("destroyed", 1));
  }

  /** Removes a record the manager found past its time: a "destroy" call, counted as "expired". */
  async expire(key: string, fromCookie: boolean): Promise<void> {
    await this.#hooks.storeCall("destroy", () => this.#inner.destroy(key));
    this.#hooks.session("expired", 1);
    if (fromCookie) this.#hooks.cookieRejected("expired");
  }

  count(): Promise<number> {
    return this.#hooks.storeCall("count", () => this.#inner.count());
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  #event(happened: boolean, event: SessionEvent): boolean {
    if (happened) this.#hooks.session(event, 1);
    return happened;
  }

  #events(event: SessionEvent, n: number): number {
    if (n > 0) this.#hooks.session(event, n);
    return n;
  }
}

/**
 * A cookie reader that reports the values it refuses. The reason is worked out only after a
 * refusal (a sealing provider may explain its own), so an accepted cookie costs one extra call.
 */
export function reportRejections(reader: CookieReader, hooks: TelemetryHooks | undefined, sealer: SealingProvider | undefined, signed: boolean): CookieReader {
  if (hooks === undefined) return reader;
  const explain = sealer === undefined ? (value: string) => signedRejection(value, signed) : (value: string) => sealer.rejection?.(value) ?? "unsealable";
  return {
    verify(value: string | undefined): VerifiedId | undefined {
      const verified = reader.verify(value);
      if (verified === undefined && value !== undefined && value !== "") hooks.cookieRejected(explain(value));
      return verified;
    },
    remember: (value, id) => reader.remember(value, id),
  };
}
