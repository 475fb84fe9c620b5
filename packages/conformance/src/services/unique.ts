import { randomBytes } from "node:crypto";

/** The start of every key prefix and database name these helpers hand out. */
export const TEST_PREFIX = "sess-test:";

/** The start of every database name `createTestDatabase()` creates. */
export const TEST_DATABASE_PREFIX = "sess_test_";

/** A key prefix of its own for one test run, e.g. `sess-test:3f9a0c1b2d4e:`. */
export function uniquePrefix(): string {
  return `${TEST_PREFIX}${randomBytes(6).toString("hex")}:`;
}

/** A database name of its own for one test run, e.g. `sess_test_3f9a0c1b2d4e`. */
export function uniqueDatabaseName(): string {
  return `${TEST_DATABASE_PREFIX}${randomBytes(6).toString("hex")}`;
}

/** Whether a database name is one `uniqueDatabaseName()` produces. */
export function isTestDatabaseName(name: string): boolean {
  return /^sess_test_[0-9a-f]{12}$/.test(name);
}

/** Whether a key prefix is one `uniquePrefix()` produces. */
export function isTestPrefix(prefix: string): boolean {
  return /^sess-test:[0-9a-f]{12}:$/.test(prefix);
}
