/**
 * Redis and MySQL for tests: from `SESS_TEST_REDIS_URL` / `SESS_TEST_MYSQL_URL`,
 * or from the containers `@sess/conformance/global-setup` started. See SERVICES.md.
 */
import "./provided-context.js";

export { mysqlUrl, redisUrl, resolveServiceUrl, type ServiceSources } from "./service-urls.js";
export { serviceImage, SERVICES, SERVICES_ENV, type ServiceInfo, type ServiceName } from "./service-names.js";
export { isTestDatabaseName, isTestPrefix, uniqueDatabaseName, uniquePrefix } from "./unique.js";
export { createTestDatabase, dropTestDatabase, type TestDatabase } from "./test-database.js";
export { deleteKeysWithPrefix } from "./redis-keys.js";
