import fc from "fast-check";

/** The seed every run checks, so CI failures reproduce exactly. */
export const FIXED_SEED = 16_016;

/**
 * The seeds a property runs under: SESS_FC_SEED alone when given (to replay a
 * failure), otherwise the fixed seed and then a fresh random one, so each run
 * also explores inputs no earlier run tried.
 */
export function seeds(): number[] {
  const given = process.env.SESS_FC_SEED;
  if (given !== undefined && given !== "") {
    const seed = Number(given);
    if (!Number.isInteger(seed)) throw new Error(`SESS_FC_SEED must be an integer, got "${given}"`);
    return [seed];
  }
  return [FIXED_SEED, (Math.random() * 2 ** 31) | 0];
}

// fast-check's report names the seed too, but only this line says how to replay it here.
function replayHint(seed: number, err: unknown): Error {
  const why = err instanceof Error ? err.message : String(err);
  return new Error(`property failed under seed ${seed}; replay with SESS_FC_SEED=${seed}\n${why}`, { cause: err });
}

/** Checks a synchronous property under every seed from `seeds()`. */
export function holds<T>(property: fc.IProperty<T>, params: fc.Parameters<T> = {}): void {
  for (const seed of seeds()) {
    try {
      fc.assert(property, { ...params, seed });
    } catch (err) {
      throw replayHint(seed, err);
    }
  }
}

/** Checks an asynchronous property under every seed from `seeds()`. */
export async function holdsAsync<T>(property: fc.IAsyncProperty<T>, params: fc.Parameters<T> = {}): Promise<void> {
  for (const seed of seeds()) {
    try {
      await fc.assert(property, { ...params, seed });
    } catch (err) {
      throw replayHint(seed, err);
    }
  }
}
