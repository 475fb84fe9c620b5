export { SessError, SessErrorCode, isSessError } from "./errors.js";
export type { ChangeSet, Provider, ProviderFactory, ProviderOptions, StoredSession } from "./provider.js";
export { isStorageKey } from "./provider.js";
export { assertStorageKey, storeUnavailable, withDeadline } from "./provider-support.js";
export { register, providers } from "./registry.js";
export { newSessionId, isSessionId, storageKeyOf, SESSION_ID_LENGTH } from "./ids.js";
