// What an application needs. What a provider implements is "@sess/core/provider".
export { SessError, SessErrorCode, isSessError } from "./errors.js";
export { Manager, createManager, newManager, type CreateManagerOptions } from "./http/manager.js";
export { SessionManager } from "./manager/session-manager.js";
export type { ManagerOptions, CookieOptions } from "./manager/options.js";
export type { RevokeOptions } from "./manager/subject-sessions.js";
export { Session } from "./session/session.js";
export type { SessionData, SessionRecord, DefaultSessionData } from "./session/session-data.js";
export { jsonCodec, type Codec } from "./session/codec.js";
export type { SessionInfo, SubjectMeta } from "./session/subject.js";
export { SessionBinding, type BoundSession, type ResponseHeader } from "./http/binding.js";
export type { RequestInfo } from "./http/request-info.js";
export { providers } from "./spi/registry.js";
export type { Instrumentation, TelemetryHooks, TelemetryTarget, StoreOperation, SessionEvent, CookieRejection } from "./manager/telemetry.js";
