import { concurrentWriters } from "@sess/test-support/provider";
import { afterAll, beforeAll, describe } from "vitest";
import type { MysqlProvider } from "../src/index.js";
import { Fixture } from "./support.js";

const fx = new Fixture();
let a: MysqlProvider;
let b: MysqlProvider;
beforeAll(async () => {
  // Two providers, two pools: the writers truly race on the server, not in one client queue.
  a = await fx.provider({ connectionLimit: 8 });
  b = await fx.provider({ connectionLimit: 8 });
});
afterAll(() => fx.cleanup());

describe("concurrent writers on one session", () => {
  concurrentWriters(() => [a, b], "INSERT … ON DUPLICATE KEY UPDATE");
});
