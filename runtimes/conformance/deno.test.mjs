// `deno test --allow-net --allow-env --allow-read conformance/deno.test.mjs`: the conformance
// suite on Deno's own test runner. Groups become name prefixes; a skipped test is an ignored one.
import { registerSuite } from "./suites.mjs";

let group = "";
const it = (name, fn) => Deno.test({ name: `${group}${name}`, fn: () => fn({}), sanitizeOps: false, sanitizeResources: false });
it.skip = (name) => Deno.test({ name: `${group}${name}`, ignore: true, fn: () => {} });
it.describe = (name, register) => {
  const outer = group;
  group = `${outer}${name} > `;
  try {
    register();
  } finally {
    group = outer;
  }
};
registerSuite(it);
