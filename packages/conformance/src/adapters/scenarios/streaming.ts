import { expect } from "vitest";
import { failedLoudly, type Outcome } from "../client.js";
import type { AdapterCapability, StreamStyle } from "../harness.js";
import type { AdapterScenario, AdapterScenarioGroup } from "../rule.js";
import { expectRule, login, marker, show } from "../rule.js";
import type { AdapterRun } from "../run.js";

const STYLES: [StreamStyle, string][] = [
  ["write", "chunks written before the end (res.write, a Readable body)"],
  ["sse", "server-sent events"],
  ["web-stream", "a ReadableStream body"],
];

/**
 * Sends `/change` with `reply` on a new session (the case that needs a new cookie), then on a
 * logged-in one after regenerate(). The writes are slow, so a response that leaves before its
 * write landed is caught every time, not only when the next request happens to win the race.
 */
async function changeThen(run: AdapterRun, reply: string, check: (outcome: Outcome) => void, method = "GET"): Promise<void> {
  const guest = await run.browser();
  const value = marker(true);
  const outcome = await guest.send(`/change?value=${value}&${reply}`, { method });
  check(outcome);
  await expectRule(run, guest, outcome, { marker: value });
  const member = await run.browser();
  const user = await login(member);
  const next = marker(true);
  const regenerated = await member.send(`/change?value=${next}&regenerate=1&${reply}`, { method });
  check(regenerated);
  await expectRule(run, member, regenerated, { marker: next, user });
}

function streamed(style: StreamStyle, label: string): AdapterScenario {
  return {
    name: `a streamed response (${label}) after a change arrives whole, the change stored with its cookie`,
    needs: [`stream:${style}` as AdapterCapability],
    run: (run) =>
      changeThen(run, `reply=stream&style=${style}`, (outcome) => {
        expect(failedLoudly(outcome), `a stream after a change must arrive whole while the store is up, got ${show(outcome)}`).toBe(false);
        expect(outcome.body, "the whole stream must arrive").toContain("three");
      }),
  };
}

/** Bodies that leave before the handler returns, headers sent early, HEAD and 304. */
export const streamingScenarios: AdapterScenarioGroup = {
  groupName: "streamed and early responses",
  scenarios: [
    ...STYLES.map(([style, label]) => streamed(style, label)),
    {
      name: "a file sent after a change (res.sendFile or the framework's way) arrives whole, the change stored with its cookie",
      needs: ["send-file"],
      run: (run) =>
        changeThen(run, "reply=file", (outcome) => {
          expect(failedLoudly(outcome), `a file sent after a change must arrive whole while the store is up, got ${show(outcome)}`).toBe(false);
          expect(outcome.body).toBe(run.fileText);
        }),
    },
    {
      name: "headers flushed early after a change (flushHeaders): stored with its cookie, or a loud failure",
      needs: ["flush-headers"],
      run: (run) => changeThen(run, "reply=flush-headers", () => undefined),
    },
    {
      name: "the raw response taken over after a change (Koa ctx.respond = false, Fastify reply.hijack()): stored with its cookie, or a loud failure",
      needs: ["take-over"],
      run: (run) => changeThen(run, "reply=take-over", () => undefined),
    },
    {
      name: "a HEAD request that changes the session gets its cookie",
      run: (run) =>
        changeThen(
          run,
          "reply=text",
          (outcome) => {
            expect(outcome.body, "a HEAD response has no body").toBe("");
          },
          "HEAD",
        ),
    },
    {
      name: "a 304 Not Modified after a change carries the cookie",
      run: (run) =>
        changeThen(run, "reply=not-modified", (outcome) => {
          if (!failedLoudly(outcome)) expect(outcome.status, show(outcome)).toBe(304);
        }),
    },
  ],
};
