import type { ConformanceGroup } from "../group.js";
import { basicGroup } from "./basic.js";
import { changeSetGroup } from "./change-sets.js";
import { clockGroup } from "./clock.js";
import { concurrencyGroup } from "./concurrency.js";
import { countGcGroup } from "./count-gc.js";
import { directoryGroup } from "./directory.js";
import { expiryGroup } from "./expiry.js";
import { hostileKeysGroup } from "./hostile-keys.js";
import { outageGroup } from "./outage.js";
import { persistenceGroup } from "./persistence.js";
import { regenerateGroup } from "./regenerate.js";
import { subjectSecurityGroup } from "./subject-security.js";
import { subjectsGroup } from "./subjects.js";
import { valuesGroup } from "./values.js";

export { basicGroup } from "./basic.js";
export { changeSetGroup } from "./change-sets.js";
export { clockGroup } from "./clock.js";
export { concurrencyGroup } from "./concurrency.js";
export { countGcGroup } from "./count-gc.js";
export { directoryGroup } from "./directory.js";
export { expiryGroup } from "./expiry.js";
export { hostileKeys, hostileKeysGroup } from "./hostile-keys.js";
export { outageGroup } from "./outage.js";
export { persistenceGroup } from "./persistence.js";
export { regenerateGroup } from "./regenerate.js";
export { subjectSecurityGroup } from "./subject-security.js";
export { subjectsGroup } from "./subjects.js";
export { valuesGroup } from "./values.js";

/** Every group, in the order providerConformance registers them. */
export const allGroups: readonly ConformanceGroup[] = [
  basicGroup,
  changeSetGroup,
  expiryGroup,
  regenerateGroup,
  countGcGroup,
  concurrencyGroup,
  valuesGroup,
  hostileKeysGroup,
  persistenceGroup,
  subjectsGroup,
  subjectSecurityGroup,
  clockGroup,
  directoryGroup,
  outageGroup,
];
