import type { ChangeSet } from "@sess/core/provider";

/** The parts of a ChangeSet a test cares about; the rest take their usual values. */
export interface ChangeInput {
  isNew?: boolean;
  clear?: boolean;
  set?: Record<string, string>;
  deleted?: readonly string[];
  createdAt?: number;
}

/** A ChangeSet that creates a session holding `set`. */
export function created(set: Record<string, string> = {}, createdAt = Date.now()): ChangeSet {
  return change({ isNew: true, set, createdAt });
}

/** A ChangeSet for an existing session (not new) unless `input.isNew` says so. */
export function change(input: ChangeInput = {}): ChangeSet {
  return {
    isNew: input.isNew ?? false,
    clear: input.clear ?? false,
    set: dataOf(input.set ?? {}),
    deleted: input.deleted ?? [],
    createdAt: input.createdAt ?? Date.now(),
  };
}

/** A null-prototype copy, so data keys such as `__proto__` stay ordinary keys. */
export function dataOf(entries: Record<string, string> | Iterable<readonly [string, string]>): Record<string, string> {
  const data = Object.create(null) as Record<string, string>;
  const pairs = Symbol.iterator in entries ? entries : Object.entries(entries);
  for (const [name, value] of pairs) data[name] = value;
  return data;
}
