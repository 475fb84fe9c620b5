// Storage keys are 64 hex digits; held as 32 latin1 characters they take half the heap.
// One scratch buffer serves every call (all synchronous), so a call allocates only the result.
const scratch = Buffer.allocUnsafe(32);

/** The 32-character form a storage key is held under. */
export function compact(key: string): string {
  scratch.write(key, 0, 32, "hex");
  return scratch.toString("latin1", 0, 32);
}

/** The storage key a compact key stands for. */
export function expand(id: string): string {
  return Buffer.from(id, "latin1").toString("hex");
}
