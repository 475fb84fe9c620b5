import type { SessionInfo } from "@sess/core";
import { escapeHtml } from "./page.js";

/** One row of "your sessions": what listSessions gave, and whether it is the session viewing the page. */
export interface SessionRow {
  info: SessionInfo;
  current: boolean;
}

function when(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

/** The "your sessions" page: each session of the user, a button to end one, and "log out everywhere else". */
export function renderSessionsPage(username: string, rows: readonly SessionRow[]): string {
  const items = rows
    .map(({ info, current }) => {
      const end = current
        ? `<strong>this device</strong>`
        : `<form method="post" action="/sessions/revoke"><input type="hidden" name="handle" value="${escapeHtml(info.handle)}"><button type="submit">End this session</button></form>`;
      return `<li class="session" data-handle="${escapeHtml(info.handle)}">
        <div class="ua">${escapeHtml(info.meta["ua"] ?? "unknown browser")}</div>
        <div>created <time>${when(info.createdAt)}</time> · last used <time>${when(info.lastActive)}</time></div>
        ${end}</li>`;
    })
    .join("\n");
  const others = rows.some((r) => !r.current)
    ? `<form method="post" action="/sessions/revoke-others"><button type="submit">Log out everywhere else</button></form>`
    : `<p>No other sessions.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>your sessions</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #1b1f24; }
  li.session { margin: 1rem 0; padding: .5rem; border: 1px solid #d0d7de; list-style: none; } .ua { font-weight: 600; }
  ul { padding: 0; }
</style></head>
<body><h1>Your sessions, ${escapeHtml(username)}</h1>
<ul id="sessions">${items}</ul>
${others}
<p><a href="/">back</a></p>
</body></html>`;
}
