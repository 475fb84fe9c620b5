import type { ConformanceGroup } from "../group.js";
import { basicGroup } from "./basic.js";

export { basicGroup } from "./basic.js";

/** Every group, in the order providerConformance registers them. */
export const allGroups: readonly ConformanceGroup[] = [basicGroup];
