import { SessError, SessErrorCode } from "../errors.js";
import type { ResolvedOptions } from "./options.js";
import type { Provider, StoredSession, SubjectSession } from "../spi/contract.js";
import type { SealingProvider } from "../spi/sealing.js";
import { SUBJECT_META_KEY, type SessionInfo, type SubjectMeta, type SubjectProvider, checkSubject, handleOf, hasSubjects } from "../session/subject.js";

/** What `revokeSessions` may leave alive. */
export interface RevokeOptions {
  /** A session to keep (the current one, for "log out everywhere else"). */
  except?: { readonly storageKey: string } | undefined;
}

/** The Manager's per-subject calls: list, count and revoke a subject's sessions through the provider's index. */
export class SubjectSessions {
  readonly #provider: Provider | SealingProvider;
  readonly #store: Provider | undefined;
  readonly #options: ResolvedOptions;

  constructor(provider: Provider | SealingProvider, store: Provider | undefined, options: ResolvedOptions) {
    this.#provider = provider;
    this.#store = store;
    this.#options = options;
  }

  /** The subject's live sessions, oldest first. */
  async list(subject: string): Promise<SessionInfo[]> {
    const live = await this.#live(subject, "listSessions()");
    return live.map(({ key, record }) => this.#info(key, record)).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** How many live sessions the subject has. */
  async count(subject: string): Promise<number> {
    return (await this.#live(subject, "countSessions()")).length;
  }

  /** Destroys the subject's session with this handle; false when no live session of the subject has it. */
  async revoke(subject: string, handle: string): Promise<boolean> {
    const store = this.#capable("revokeSession()");
    checkSubject(subject);
    if (typeof handle !== "string") return false;
    const listed = await store.listSubject(subject);
    const found = listed.find((entry) => entry.record.subject === subject && handleOf(entry.key) === handle);
    if (!found) return false;
    // A regenerate between the listing and the destroy moves the record to a key this listing does not
    // hold, and the destroy of the old key is then a no-op: follow the move, as destroySubject does inside
    // the provider. The moved record keeps its createdAt; a later regenerate finds the key gone and fails.
    const seen = new Set(listed.map((entry) => entry.key));
    for (let target: SubjectSession | undefined = found; target !== undefined; ) {
      await store.destroy(target.key);
      const after = (await store.listSubject(subject)).filter((entry) => !seen.has(entry.key));
      for (const entry of after) seen.add(entry.key);
      target = after.find((entry) => entry.record.subject === subject && entry.record.createdAt === found.record.createdAt);
    }
    return true;
  }

  /** Destroys every session of the subject except `options.except`; resolves how many ended. */
  async revokeAll(subject: string, options: RevokeOptions = {}): Promise<number> {
    const store = this.#capable("revokeSessions()");
    checkSubject(subject);
    const except = options.except?.storageKey;
    return store.destroySubject(subject, except === "" ? undefined : except);
  }

  async #live(subject: string, what: string): Promise<SubjectSession[]> {
    const store = this.#capable(what);
    checkSubject(subject);
    const entries = await store.listSubject(subject);
    // The provider enforces expiresAt; the absolute timeout is the Manager's policy, applied here as on load.
    const { absoluteMs, now } = this.#options;
    const at = now();
    // Subjects are exact strings: a store whose comparison pads, folds case or normalises ("alice " = "alice")
    // must not hand one user another's sessions, so the provider's match is checked again here.
    return entries.filter(({ record }) => record.subject === subject && record.expiresAt > at && (absoluteMs === undefined || record.createdAt + absoluteMs > at));
  }

  #info(key: string, record: StoredSession): SessionInfo {
    const { idleMs, rolling, absoluteMs } = this.#options;
    const expiresAt = absoluteMs === undefined ? record.expiresAt : Math.min(record.expiresAt, record.createdAt + absoluteMs);
    // A rolling session's stored expiry is its last refresh plus the idle time.
    const lastActive = rolling ? Math.max(record.createdAt, Math.min(this.#options.now(), record.expiresAt - idleMs)) : record.createdAt;
    return { handle: handleOf(key), createdAt: record.createdAt, lastActive, expiresAt, meta: this.#meta(record.data[SUBJECT_META_KEY]) };
  }

  #meta(raw: string | undefined): SubjectMeta {
    const out = Object.create(null) as SubjectMeta;
    if (raw === undefined) return out;
    try {
      const decoded = this.#options.codec.decode(raw);
      if (typeof decoded !== "object" || decoded === null) return out;
      for (const [name, value] of Object.entries(decoded)) if (typeof value === "string") out[name] = value;
    } catch (cause) {
      this.#options.onError(new SessError(SessErrorCode.DECODE_FAILED, "a session's subject meta cannot be decoded", { cause }));
    }
    return out;
  }

  #capable(what: string): SubjectProvider {
    const store = this.#store;
    if (!hasSubjects(store)) {
      const why = store ? "it keeps no per-subject index (listSubject/destroySubject)" : "sealed sessions are stored nowhere to be listed";
      throw new SessError(SessErrorCode.UNSUPPORTED, `${what} is not supported by the "${this.#provider.name}" provider: ${why}`);
    }
    return store;
  }
}
