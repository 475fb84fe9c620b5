export { FaultProxy, type CutMode, type FaultProxyOptions, type ProxyAddress } from "./fault-proxy.js";
