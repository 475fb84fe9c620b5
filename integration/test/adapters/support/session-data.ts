// The integration program's one SessionData declaration (a second one in the same
// program would merge into it). The index signature keeps the older tests of this
// program, which use default-typed managers with keys of their own, compiling; the
// declared keys are what the adapter tests check are typed through every adapter.
declare module "@sess/core" {
  interface SessionData {
    username: string;
    visits: number;
    items: string[];
    [key: string]: unknown;
  }
}

export {};
