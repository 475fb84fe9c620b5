/**
 * Which subject each bound record belongs to, and each subject's records. Only bound
 * records cost an entry; every removal path of the table calls `unbind`, so the index
 * never outlives its records and listing a subject costs what that subject holds.
 */
export class SubjectIndex {
  readonly #subjectOf = new Map<string, string>();
  readonly #bySubject = new Map<string, Set<string>>();

  /** The subject `id` is bound to, if any. */
  subjectOf(id: string): string | undefined {
    return this.#subjectOf.get(id);
  }

  /** A snapshot of the ids bound to `subject` (callers remove while they walk it). */
  ids(subject: string): string[] {
    const ids = this.#bySubject.get(subject);
    return ids === undefined ? [] : [...ids];
  }

  /** Binds `id` to `subject`, or unbinds it for null. */
  bind(id: string, subject: string | null): void {
    if (this.#subjectOf.get(id) === subject) return;
    this.unbind(id);
    if (subject === null) return;
    this.#subjectOf.set(id, subject);
    let ids = this.#bySubject.get(subject);
    if (ids === undefined) this.#bySubject.set(subject, (ids = new Set()));
    ids.add(id);
  }

  /** Forgets `id`'s binding; a no-op for an unbound id. */
  unbind(id: string): void {
    const subject = this.#subjectOf.get(id);
    if (subject === undefined) return;
    this.#subjectOf.delete(id);
    const ids = this.#bySubject.get(subject)!;
    ids.delete(id);
    if (ids.size === 0) this.#bySubject.delete(subject);
  }

  /** Forgets every binding. */
  clear(): void {
    this.#subjectOf.clear();
    this.#bySubject.clear();
  }
}
