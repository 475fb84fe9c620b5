// `bun test ./conformance/bun.test.mjs`: the conformance suite on Bun's own test runner.
import { describe, test } from "bun:test";
import { registerSuite } from "./suites.mjs";

const it = (name, fn, timeout) => test(name, () => fn({}), timeout ?? 20_000);
it.skip = (name, fn) => test.skip(name, fn ?? (() => {}));
it.describe = describe;
registerSuite(it);
