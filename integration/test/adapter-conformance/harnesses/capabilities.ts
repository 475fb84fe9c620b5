/** Every streamed body and sending a file: what each framework here can do the usual way. */
export const STREAMS = {
  "stream:write": true,
  "stream:sse": true,
  "stream:web-stream": true,
  "send-file": true,
} as const;

/** Why a Fetch-style handler (a Response returned whole) cannot flush headers early or take over the raw response. */
export const RETURNS_RESPONSE = {
  "flush-headers": "a handler that returns its whole Response cannot send headers before it",
  "take-over": "a handler that returns a Response does not write to the raw response",
} as const;
