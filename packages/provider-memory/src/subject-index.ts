import { flatCopy, hasTwoByteChars } from "./flat-string.js";

/**
 * Heap one binding costs: its entry in the id → subject map and in its subject's set, hash-table
 * slack included (measured at about 28 bytes per binding of a shared subject), with a margin.
 */
export const BINDING_BYTES = 64;

/**
 * Heap a subject costs beyond its string: its entry in the subject → ids map and a Set of its own
 * (measured at about 190 bytes for a subject with one session, before the entry object), with a margin.
 */
export const SUBJECT_BYTES = 288;

/** The heap bytes a subject entry is charged, its string included. */
function subjectBytes(subject: string): number {
  return SUBJECT_BYTES + 16 + (hasTwoByteChars(subject) ? 2 : 1) * subject.length;
}

/**
 * Which subject each bound record belongs to, and each subject's records. Only bound
 * records cost an entry; every removal path of the table calls `unbind`, so the index
 * never outlives its records and listing a subject costs what that subject holds.
 */
export class SubjectIndex {
  readonly #subjectOf = new Map<string, string>();
  /** Each subject's ids, and the one flat copy of its name every binding shares. */
  readonly #bySubject = new Map<string, { name: string; ids: Set<string> }>();
  #bytes = 0;

  /** Heap bytes charged for the index: {@link BINDING_BYTES} a binding, {@link SUBJECT_BYTES} and the string a subject. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The bytes `bind(id, subject)` would add now (0 when it changes nothing or unbinds). */
  costOf(id: string, subject: string | null | undefined): number {
    if (subject === undefined || subject === null || this.#subjectOf.get(id) === subject) return 0;
    return BINDING_BYTES + (this.#bySubject.has(subject) ? 0 : subjectBytes(subject));
  }

  /** The subject `id` is bound to, if any. */
  subjectOf(id: string): string | undefined {
    return this.#subjectOf.get(id);
  }

  /** A snapshot of the ids bound to `subject` (callers remove while they walk it). */
  ids(subject: string): string[] {
    const entry = this.#bySubject.get(subject);
    return entry === undefined ? [] : [...entry.ids];
  }

  /** Binds `id` to `subject`, or unbinds it for null. */
  bind(id: string, subject: string | null): void {
    if (this.#subjectOf.get(id) === subject) return;
    this.unbind(id);
    if (subject === null) return;
    let entry = this.#bySubject.get(subject);
    if (entry === undefined) {
      // The index keeps the subject for as long as a session is bound to it: one flat copy, never the caller's rope.
      const name = flatCopy(subject);
      entry = { name, ids: new Set() };
      this.#bySubject.set(name, entry);
      this.#bytes += subjectBytes(name);
    }
    this.#subjectOf.set(id, entry.name);
    entry.ids.add(id);
    this.#bytes += BINDING_BYTES;
  }

  /** Forgets `id`'s binding; a no-op for an unbound id. */
  unbind(id: string): void {
    const subject = this.#subjectOf.get(id);
    if (subject === undefined) return;
    this.#subjectOf.delete(id);
    const { ids } = this.#bySubject.get(subject)!;
    ids.delete(id);
    this.#bytes -= BINDING_BYTES;
    if (ids.size === 0) {
      this.#bySubject.delete(subject);
      this.#bytes -= subjectBytes(subject);
    }
  }

  /** Forgets every binding. */
  clear(): void {
    this.#subjectOf.clear();
    this.#bySubject.clear();
    this.#bytes = 0;
  }
}
