/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface PageState {
  username: string | undefined;
  visits: number;
  active: number;
  provider: string;
  messages: string[];
  /** Whether the session is bound to the user, so "your sessions" can list it. */
  listed?: boolean;
}

/** The one page of the demo: a login form, or a greeting with a visit counter. */
export function renderPage(state: PageState): string {
  const notes = state.messages.map((m) => `<p class="note">${escapeHtml(m)}</p>`).join("");
  const body = state.username
    ? `<h1>hello, ${escapeHtml(state.username)}</h1>
       <p>You have visited this page <strong id="visits">${state.visits}</strong> time${state.visits === 1 ? "" : "s"} in this session.</p>
       ${state.listed ? `<p><a id="your-sessions" href="/sessions">Your sessions</a></p>` : ""}
       <form method="post" action="/logout"><button type="submit">Log out</button></form>`
    : `<h1>Log in</h1>
       <form method="post" action="/login">
         <label>Username <input name="username" autocomplete="username" required maxlength="64"></label>
         <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
         <button type="submit">Log in</button>
       </form>
       <p class="hint">Demo: any non-empty password is accepted.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sess login demo</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1b1f24; }
  label { display: block; margin: .5rem 0; } input { display: block; width: 100%; padding: .4rem; box-sizing: border-box; }
  button { margin-top: .75rem; padding: .4rem 1rem; } .note { background: #fff3cd; padding: .5rem; }
  footer { margin-top: 2rem; color: #57606a; font-size: .9rem; } .hint { color: #57606a; font-size: .9rem; }
</style></head>
<body>${notes}${body}
<footer>Active sessions: <span id="active">${state.active}</span> · provider: ${escapeHtml(state.provider)}</footer>
</body></html>`;
}
