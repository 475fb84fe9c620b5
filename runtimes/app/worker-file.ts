// A Worker that tries the file provider: it must refuse to open with a sentence, not lose sessions.
import { SessError } from "@sess/core";
import { fileProvider } from "@sess/provider-file";

export default {
  async fetch(): Promise<Response> {
    try {
      await fileProvider({ dir: "/tmp/sess" });
      return new Response("opened", { status: 200 });
    } catch (error) {
      if (error instanceof SessError) return Response.json({ code: error.code, message: error.message });
      return new Response(error instanceof Error ? (error.stack ?? error.message) : String(error), { status: 500 });
    }
  },
};
