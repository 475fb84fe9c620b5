import http from "node:http";
import autocannon from "autocannon";

/** Sends exactly `count` GET `path` requests, `concurrency` at a time, the i-th with `cookieOf(i)`; calls `onResponse(res)` for each. Resolves with the failures. */
export async function requestMany(port, path, count, concurrency, cookieOf, onResponse = () => true) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let started = 0;
  let failures = 0;
  const one = (i) =>
    new Promise((resolve) => {
      const headers = cookieOf ? { cookie: cookieOf(i) } : {};
      const req = http.get({ host: "127.0.0.1", port, path, agent, headers }, (res) => {
        res.resume();
        res.on("end", () => {
          if (!onResponse(res)) failures++;
          resolve();
        });
      });
      req.on("error", () => (failures++, resolve()));
    });
  const worker = async () => {
    while (started < count) await one(started++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return failures;
}

/**
 * Creates `count` sessions through the server's GET /seed, `concurrency` at a time; resolves with their
 * Cookie headers ("sid=...", plus "sid.sig=..." where the library signs in a second cookie, as koa-session does).
 */
export async function seed(port, count, concurrency = 32) {
  const cookies = [];
  const failures = await requestMany(port, "/seed", count, concurrency, undefined, (res) => {
    const pairs = (res.headers["set-cookie"] ?? []).filter((c) => c.startsWith("sid=") || c.startsWith("sid.sig=")).map((c) => c.slice(0, c.indexOf(";")));
    if (res.statusCode !== 200 || !pairs.some((c) => c.startsWith("sid="))) return false;
    cookies.push(pairs.join("; "));
    return true;
  });
  if (cookies.length === 0) throw new Error(`seeding failed: none of ${count} requests returned a session cookie`);
  return { cookies, failures };
}

/** Runs autocannon against `path` for `duration` seconds, each request carrying the next seeded cookie in turn. */
export async function load(port, path, cookies, { duration, connections }) {
  let next = 0;
  const setupRequest = (req) => {
    req.headers = { ...req.headers, cookie: cookies[next++ % cookies.length] };
    return req;
  };
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    requests: [{ method: "GET", path, setupRequest }],
  });
  return {
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
