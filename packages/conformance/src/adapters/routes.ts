import type { Session } from "@sess/core";
import type { Gate } from "./gate.js";
import type { AdapterHarness, AppRoute, HandlerContext, ManagerName, Reply, StreamStyle } from "./harness.js";

/** What the app's routes need of the run that serves them (the run implements it). */
export interface RouteHost {
  readonly harness: AdapterHarness;
  /** Errors (or undefined) of changes made after the adapter committed, by marker. */
  readonly late: Map<string, unknown>;
  /** Sessions handed out, by token, for the scenarios that compare them. */
  readonly captured: Map<string, Session<Record<string, unknown>>>;
  /** The file the send-file route sends. */
  readonly filePath: string;
  gate(token: string): Gate;
}

/** How long a held handler waits for its test before answering anyway, in ms. */
const HOLD_MS = 3000;
/** How long a mid-stream change waits after the first chunk, so the adapter has surely committed, in ms. */
const LATE_WAIT_MS = 50;

/** What `GET /state` answers: the session's id, its data keys and the flashes read. */
export interface StateBody {
  id: string;
  isNew: boolean;
  data: Record<string, unknown>;
  flashes: unknown[];
}

function which(query: URLSearchParams): ManagerName {
  return query.get("which") === "second" ? "second" : "main";
}

function text(body: string, status = 200): Reply {
  return { kind: "text", status, body };
}

/** The reply `GET /change` asked for with `reply=` (and `style=` for streams), after its change. */
function replyFor(run: RouteHost, query: URLSearchParams, session: Session): Reply {
  const late = query.get("late");
  const between =
    late === null
      ? undefined
      : async () => {
          await new Promise((resolve) => setTimeout(resolve, LATE_WAIT_MS));
          try {
            session.set("late", late);
            if (run.harness.handlerReleases === true) await session.release();
            run.late.set(late, undefined);
          } catch (error) {
            run.late.set(late, error);
          }
        };
  switch (query.get("reply")) {
    case "redirect":
      return { kind: "redirect", status: 303, location: "/state" };
    case "throw":
      return { kind: "throw", error: new Error(`thrown after a change (${query.get("value") ?? ""})`) };
    case "stream":
      return { kind: "stream", style: (query.get("style") ?? "write") as StreamStyle, chunks: ["one ", "two ", "three"], between };
    case "file":
      return { kind: "file", path: run.filePath };
    case "flush-headers":
      return { kind: "flush-headers", body: "flushed" };
    case "take-over":
      return { kind: "take-over", body: "taken over" };
    case "not-modified":
      return { kind: "not-modified", etag: '"v1"' };
    case "network-error":
      return { kind: "network-error" };
    default:
      return text("changed");
  }
}

/** The suite's app: every route a scenario uses, framework-neutral. */
export function appRoutes(run: RouteHost): AppRoute[] {
  const route = (method: AppRoute["method"], path: string, handle: (c: HandlerContext) => Promise<Reply>, mountTwice = false): AppRoute => ({
    method,
    path,
    mountTwice,
    handle,
  });
  return [
    route("GET", "/state", async ({ query, session }) => {
      const s = await session(which(query));
      const flashName = query.get("flashes");
      const body: StateBody = {
        id: s.id,
        isNew: s.isNew,
        data: Object.fromEntries(s.keys().map((k) => [k, s.get(k)])),
        flashes: flashName === null ? [] : s.flashes(flashName),
      };
      return text(JSON.stringify(body));
    }),
    route("POST", "/login", async ({ query, session }) => {
      const s = await session();
      await s.regenerate();
      s.set("user", query.get("user") ?? "ann");
      if (query.has("marker")) s.set("m", query.get("marker"));
      return { kind: "redirect", status: 303, location: "/state" };
    }),
    route("GET", "/change", async ({ query, session }) => {
      const s = await session(which(query));
      if (query.has("regenerate")) await s.regenerate();
      s.set(query.get("key") ?? "m", query.get("value"));
      return replyFor(run, query, s);
    }),
    route("GET", "/untouched", async () => text("untouched")),
    route("POST", "/both", async ({ query, session }) => {
      (await session("main")).set("m", query.get("value"));
      (await session("second")).set("m", query.get("value2"));
      return text("both");
    }),
    route(
      "POST",
      "/twice",
      async ({ query, session }) => {
        const s = await session();
        await s.regenerate();
        s.set("m", query.get("value"));
        return text("twice");
      },
      true,
    ),
    route("POST", "/logout-flash", async ({ query, session, start }) => {
      const s = await session();
      const same = (await start()) === s;
      await s.destroy();
      const fresh = await start();
      fresh.flash("bye", query.get("value"));
      return text(JSON.stringify({ same, fresh: fresh !== s }));
    }),
    route("GET", "/capture", async ({ query, session }) => {
      run.captured.set(query.get("token") ?? "", await session());
      return text("captured");
    }),
    route("GET", "/hold", async ({ query, session }) => {
      const gate = run.gate(query.get("token") ?? "");
      try {
        const s = await session();
        s.set("m", query.get("value"));
        gate.entered.resolve();
        await Promise.race([gate.open.promise, new Promise((resolve) => setTimeout(resolve, HOLD_MS))]);
        return text("held");
      } finally {
        gate.done.resolve();
      }
    }),
  ];
}
