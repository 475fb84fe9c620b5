import { SessError, SessErrorCode } from "../errors.js";

/**
 * Throws `INVALID_CONFIG` at mount time when `manager` is not a Manager: above all a Promise,
 * from `newManager(...)` without `await`, which would otherwise fail every request with
 * "manager.nodeBinding is not a function". Each adapter calls it once, where it is mounted.
 */
export function assertManager(manager: unknown, where: string): void {
  if (typeof (manager as { bind?: unknown } | null)?.bind === "function") return;
  const promise = typeof (manager as { then?: unknown } | null)?.then === "function";
  throw new SessError(
    SessErrorCode.INVALID_CONFIG,
    promise
      ? `${where} was given a Promise, not a Manager: did you forget await? (const sessions = await newManager(...))`
      : `${where} needs a Manager (from await newManager(...) or await createManager(...)), got ${manager === null ? "null" : typeof manager}`,
  );
}
