/** A gate a handler waits at until the test opens it (the abort scenario). */
export interface Gate {
  entered: Deferred;
  open: Deferred;
  done: Deferred;
}

/** A promise and the function that resolves it (Node 20 has no Promise.withResolvers). */
export interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

/** A fresh Deferred. */
export function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
