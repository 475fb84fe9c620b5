/** Where Chromium is looked for, whether it is there, and whether this run must have it. */
export interface BrowserStatus {
  path: string;
  present: boolean;
  required: boolean;
  run: boolean;
}
/** Where Chromium is looked for, whether it is there, and whether this run must have it. */
export function browserStatus(env?: NodeJS.ProcessEnv): BrowserStatus;
/** The banner printed when the browser suite does not run; undefined when it runs. */
export function notRunBanner(status?: BrowserStatus): string | undefined;
