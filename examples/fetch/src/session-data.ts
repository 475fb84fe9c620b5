// The app's session data, declared once: every session in the app is typed by it.
declare module "@sess/core" {
  interface SessionData {
    username: string;
    visits: number;
  }
}

export {};
