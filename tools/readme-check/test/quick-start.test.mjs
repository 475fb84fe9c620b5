// The root README's quick start, run as a user runs it (`node server.mjs` with
// SESSION_SECRET set), against a Redis of its own: SESS_TEST_REDIS_URL when set, else a
// private redis-server. Only the Redis address and the port are rewritten.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { extractBlocks } from "../extract-blocks.mjs";

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const children = [];
after(() => children.forEach((child) => child.kill("SIGKILL")));

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
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} not ready: ${output}`)), 20_000);
    const check = (chunk) => {
      output += chunk;
      if (ready(output)) resolve(clearTimeout(timer));
    };
    child.stdout.on("data", check);
    child.stderr.on("data", check);
    child.once("exit", (code) => reject(new Error(`${command} exited with ${code}: ${output}`)));
  });
}

async function redisAddress() {
  const url = process.env.SESS_TEST_REDIS_URL;
  if (url) return new URL(url).host;
  const port = await freePort();
  await start("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {}, (out) =>
    out.includes("Ready to accept connections"),
  );
  return `127.0.0.1:${port}`;
}

test("the README quick start serves a session that counts visits across requests", async () => {
  const readme = readFileSync(join(here, "../../README.md"), "utf8");
  const block = extractBlocks(readme).find((b) => b.code.startsWith("// server.mjs"));
  assert.ok(block, "the root README has no block starting with // server.mjs");
  assert.match(block.code, /127\.0\.0\.1:6379/);
  assert.match(block.code, /listen\(8080/);
  const port = await freePort();
  const code = block.code.replace("127.0.0.1:6379", await redisAddress()).replace("listen(8080", `listen(${port}`);
  const dir = join(here, ".quick-start");
  mkdirSync(dir, { recursive: true });
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "server.mjs"), code);
  const secret = "0123456789abcdef0123456789abcdef";
  const server = start("node", [join(dir, "server.mjs")], { SESSION_SECRET: secret }, () => false).catch((error) => error);
  let first;
  for (let i = 0; i < 100 && first === undefined; i++) {
    first = await fetch(`http://127.0.0.1:${port}/`).catch(() => new Promise((resolve) => setTimeout(resolve, 100)));
  }
  assert.ok(first, `the quick start did not answer: ${await Promise.race([server, "still running"])}`);
  assert.equal(await first.text(), "visit 1\n");
  const cookie = first.headers.get("set-cookie")?.split(";")[0];
  assert.match(cookie ?? "", /^gosessionid=/);
  const second = await fetch(`http://127.0.0.1:${port}/`, { headers: { cookie } });
  assert.equal(await second.text(), "visit 2\n");
});
