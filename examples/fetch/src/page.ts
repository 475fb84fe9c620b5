const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The login form, or the greeting with a logout button. */
export function page(username: string | undefined, visits = 0): string {
  const body = username
    ? `<p>Hello, ${escape(username)}! Visit ${visits}.</p><form method="post" action="/logout"><button>Log out</button></form>`
    : `<form method="post" action="/login"><input name="username"><input name="password" type="password"><button>Log in</button></form>`;
  return `<!doctype html><title>sess</title>${body}`;
}
