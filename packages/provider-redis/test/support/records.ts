import { randomBytes } from "node:crypto";
import type { ChangeSet } from "@sess/core/provider";

/** A fresh random storage key (64 lowercase hex digits). */
export const key = (): string => randomBytes(32).toString("hex");

/** A change that creates a record holding `set`; `extra` overrides any field. */
export const created = (set: Record<string, string>, extra: Partial<ChangeSet> = {}): ChangeSet => ({
  isNew: true,
  clear: false,
  set,
  deleted: [],
  createdAt: Date.now(),
  ...extra,
});
