// "@sess/core/provider": what a storage provider implements and the helpers it uses,
// as database/sql/driver is to database/sql. Applications import "@sess/core".
export type { ChangeSet, Provider, ProviderFactory, ProviderOptions, StoredSession, SubjectSession } from "./spi/contract.js";
export { isStorageKey } from "./spi/contract.js";
export { isSealingProvider, type SealingProvider, type SealedSession, type Unsealed } from "./spi/sealing.js";
export { assertStorageKey, storeUnavailable, withDeadline } from "./spi/support.js";
export { register, providers } from "./spi/registry.js";
export { checkSubject, SUBJECT_META_KEY } from "./session/subject.js";
export { newSessionId, isSessionId, storageKeyOf, SESSION_ID_LENGTH } from "./cookies/ids.js";
export { signId, unsignId, verifyId } from "./cookies/signing.js";
export type { VerifiedId } from "./cookies/cookie-reader.js";
export { SessError, SessErrorCode, isSessError } from "./errors.js";
