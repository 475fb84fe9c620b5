import { expect, it } from "vitest";
import { bundleWorker, startWorker } from "./support/workerd.ts";

// workerd's nodejs_compat file system lasts one request: the file provider would store each
// session and lose it by the next request. It must refuse at open, in a sentence.
it("refuses to open the file provider on workerd with UNSUPPORTED and a sentence that says why", async () => {
  const worker = await startWorker(await bundleWorker(new URL("../app/worker-file.ts", import.meta.url).pathname), {});
  try {
    const response = await fetch(worker.url);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe("UNSUPPORTED");
    expect(body.message).toBe(
      "[sess] [file] the file provider cannot run on Cloudflare Workers: a Worker's file system lasts one request, so every session would be lost; use @sess/provider-cookie or a store reached over the network",
    );
  } finally {
    await worker.stop();
  }
});
