// Moves express-session sessions into sess, one user at a time. Fastify: "@sess/express-session-bridge/fastify".
export { ExpressSessionBridge, expressSessionBridge, type BridgeOutcome, type BridgeRequest } from "./bridge.js";
export type { ExpressSessionBridgeOptions } from "./options.js";
export type { LegacyCookie, LegacySessionData, LegacyStore } from "./legacy-store.js";
export { MOVED_FIELD } from "./copy-data.js";
export { bridgeMiddleware, bridgeRequest, type NextFunction } from "./node.js";
