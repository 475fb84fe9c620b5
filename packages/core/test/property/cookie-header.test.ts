import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createManager } from "../../src/index.js";
import { signId } from "../../src/provider.js";
import { MapProvider } from "../support/map-provider.js";
import { holdsAsync } from "./support/seeds.js";

const SECRET = "property-secret-of-sixteen-plus";

/** A request carrying exactly this Cookie header, as node:http would hand it over. */
function requestWith(cookie: string | undefined): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  req.headers = cookie === undefined ? {} : { cookie };
  return { req, res: new ServerResponse(req) };
}

async function setup() {
  const provider = new MapProvider();
  const manager = await createManager({ provider, maxLifetime: 3600, cookieName: "sid", secrets: [SECRET], onError: () => {} });
  const live = manager.create();
  live.set("user", "ada");
  await live.release();
  return { manager, provider, value: signId(live.id, [Buffer.from(SECRET)]), id: live.id };
}

const cookieName = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(..."abcdefxyzSID_-0123456789") }).filter((n) => n !== "sid");
const pair = fc.tuple(cookieName, fc.string({ maxLength: 40 })).map(([n, v]) => `${n}=${v}`);
/** Headers a client could send: junk, long junk, well-formed lists, lists with stray separators and quotes. */
const header = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.array(pair, { maxLength: 8 }).map((pairs) => pairs.join("; ")),
  fc.array(fc.oneof(pair, fc.constantFrom(";", "=", '"', "sid=", "sid", " ", "%", "%zz")), { maxLength: 12 }).map((p) => p.join("")),
  fc.string({ minLength: 16_000, maxLength: 17_000, unit: fc.constantFrom("a", "=", ";", " ") }),
);

describe("the Cookie header (property)", () => {
  it("any header gives a session without throwing, and never adopts an id the server did not issue", async () => {
    const { manager, id } = await setup();
    await holdsAsync(
      fc.asyncProperty(header, async (cookie) => {
        const { req, res } = requestWith(cookie);
        const session = await manager.start(req, res);
        expect(session.id).not.toBe(id);
        expect(session.isNew).toBe(true);
        expect(session.get("user")).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it("the signed session cookie among any other cookies loads its session", async () => {
    const { manager, value, id } = await setup();
    await holdsAsync(
      fc.asyncProperty(fc.array(pair, { maxLength: 6 }), fc.array(pair, { maxLength: 6 }), async (before, after) => {
        const { req, res } = requestWith([...before, `sid=${value}`, ...after].join("; "));
        const session = await manager.start(req, res);
        expect(session.id).toBe(id);
        expect(session.get("user")).toBe("ada");
      }),
      { numRuns: 300 },
    );
  });

  it("a session cookie with anything changed, added or removed starts a fresh session", async () => {
    const { manager, value, id } = await setup();
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.string({ minLength: 1, maxLength: 3 })).map(([at, kind, text]) => {
      const i = at % (value.length + 1);
      if (kind === 0) return value.slice(0, i) + text + value.slice(i);
      if (kind === 1) return value.slice(0, i) + value.slice(i + 1);
      return value.slice(0, i) + text + value.slice(i + text.length);
    });
    await holdsAsync(
      // A ";" ends the value, and white space or DQUOTEs around it are framing (RFC 6265's
      // cookie-value grammar, as cookie.parse reads it): those edits leave the value as it was.
      fc.asyncProperty(edit.filter((v) => framedValue(v) !== value), async (forged) => {
        const { req, res } = requestWith(`sid=${forged}`);
        const session = await manager.start(req, res);
        expect(session.id).not.toBe(id);
        expect(session.isNew).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

/** The cookie value a header carries after `sid=`, framing removed: up to ";", trimmed, DQUOTEs dropped. */
function framedValue(raw: string): string {
  const cut = raw.split(";")[0]!.trim();
  return cut.length >= 2 && cut.startsWith('"') && cut.endsWith('"') ? cut.slice(1, -1) : cut;
}
