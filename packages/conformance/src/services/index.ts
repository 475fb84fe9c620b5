/**
 * Redis, MySQL and PostgreSQL for tests: from `SESS_TEST_*_URL`, or from the
 * containers or private servers `@sess/conformance/global-setup` started. See SERVICES.md.
 */
import "./provided-context.js";

export { mysqlUrl, postgresUrl, redisUrl, resolveServiceUrl, type ServiceSources } from "./service-urls.js";
export { serviceImage, SERVICES, SERVICES_ENV, type ServiceInfo, type ServiceName } from "./service-names.js";
export { isTestDatabaseName, isTestPrefix, uniqueDatabaseName, uniquePrefix } from "./unique.js";
export { createTestDatabase, dropTestDatabase, type TestDatabase } from "./test-database.js";
export { deleteKeysWithPrefix } from "./redis-keys.js";
export { createPostgresTestDatabase, dropPostgresTestDatabase } from "./postgres-database.js";
