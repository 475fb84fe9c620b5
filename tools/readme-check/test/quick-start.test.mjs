// The root README's quick start and provider-redis's example, run as a user runs them
// (`node server.mjs`), against a Redis of their own: SESS_TEST_REDIS_URL when set, else a
// private redis-server. Only the Redis address and the port are rewritten. Then the outage a
// user meets sooner or later: a private redis-server stopped mid-test must give 503s, not a
// process that exits on an unhandled rejection, and the same process serves again once Redis is back.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { extractBlocks } from "../extract-blocks.mjs";

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const root = join(here, "../..");
const children = [];
after(() => children.forEach((child) => child.kill("SIGKILL")));

const EXAMPLES = [
  { readme: "README.md", first: "// server.mjs" },
  { readme: "packages/provider-redis/README.md", first: "// redis-example.mjs" },
];

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function start(command, args, env, ready) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  const started = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} not ready: ${output}`)), 20_000);
    const check = (chunk) => {
      output += chunk;
      if (ready(output)) resolve(clearTimeout(timer));
    };
    child.stdout.on("data", check);
    child.stderr.on("data", check);
    child.once("exit", (code) => reject(new Error(`${command} exited with ${code}: ${output}`)));
  });
  return { child, started, output: () => output };
}

/** A redis-server of this test's own on `port`, with nothing saved to disk. */
async function privateRedis(port) {
  const redis = start("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {}, (out) =>
    out.includes("Ready to accept connections"),
  );
  await redis.started;
  return redis;
}

async function redisAddress() {
  const url = process.env.SESS_TEST_REDIS_URL;
  if (url) return new URL(url).host;
  const port = await freePort();
  await privateRedis(port);
  return `127.0.0.1:${port}`;
}

/** Saves the README block as a .mjs file here (where the packages resolve) and starts it. */
async function runExample({ readme, first }, address) {
  const block = extractBlocks(readFileSync(join(root, readme), "utf8")).find((b) => b.code.startsWith(first));
  assert.ok(block, `${readme} has no block starting with ${first}`);
  assert.match(block.code, /127\.0\.0\.1:6379/);
  assert.match(block.code, /listen\(8080/);
  const port = await freePort();
  const code = block.code.replace("127.0.0.1:6379", address).replace("listen(8080", `listen(${port}`);
  const dir = join(here, `.quick-start-${port}`);
  mkdirSync(dir, { recursive: true });
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "example.mjs"), code);
  const server = start("node", [join(dir, "example.mjs")], { SESSION_SECRET: "0123456789abcdef0123456789abcdef" }, () => false);
  server.started.catch(() => undefined);
  const base = `http://127.0.0.1:${port}`;
  let first_;
  for (let i = 0; i < 100 && first_ === undefined; i++) {
    first_ = await fetch(`${base}/`).catch(() => new Promise((resolve) => setTimeout(resolve, 100)));
  }
  assert.ok(first_, `${readme}'s example did not answer: ${server.output()}`);
  return { base, first: first_, server };
}

test("the README quick start serves a session that counts visits across requests", async () => {
  const { base, first } = await runExample(EXAMPLES[0], await redisAddress());
  assert.equal(await first.text(), "visit 1\n");
  const cookie = first.headers.get("set-cookie")?.split(";")[0];
  assert.match(cookie ?? "", /^gosessionid=/);
  const second = await fetch(`${base}/`, { headers: { cookie } });
  assert.equal(await second.text(), "visit 2\n");
});

for (const example of EXAMPLES) {
  test(`${example.readme} (${example.first}): Redis stopped mid-test gives 503s, the process lives on and serves again once Redis is back`, async () => {
    const redisPort = await freePort();
    let redis = await privateRedis(redisPort);
    const { base, first, server } = await runExample(example, `127.0.0.1:${redisPort}`);
    assert.equal(first.status, 200);
    const cookie = first.headers.get("set-cookie")?.split(";")[0];
    assert.equal(await first.text(), "visit 1\n");

    redis.child.kill("SIGTERM");
    await once(redis.child, "exit");
    for (const headers of [{ cookie }, {}]) {
      const down = await fetch(`${base}/`, { headers });
      assert.equal(down.status, 503, `answered ${down.status} while Redis was down`);
      await down.arrayBuffer();
    }
    assert.equal(server.child.exitCode, null, `the example exited while Redis was down: ${server.output()}`);

    redis = await privateRedis(redisPort);
    let back;
    for (let i = 0; i < 100 && back?.status !== 200; i++) {
      if (back) await new Promise((resolve) => setTimeout(resolve, 100));
      back = await fetch(`${base}/`, { headers: { cookie } });
      await back.clone().arrayBuffer();
    }
    assert.equal(back.status, 200, "no 200 within 10 s of Redis coming back");
    // The private Redis kept nothing on disk: the old session is gone and a new one starts.
    assert.match(await back.text(), /^visit 1\n$/);
    assert.match(server.output(), /STORE_UNAVAILABLE/);
  });
}
