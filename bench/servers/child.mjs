// Runs one system's HTTP server in its own process and answers the bench over IPC:
// its port when listening, and its CPU time over the measured window.
const [moduleName, rawConfig] = process.argv.slice(2);
const config = JSON.parse(rawConfig ?? "{}");

function reply(message) {
  process.send?.(message);
}

process.on("uncaughtException", (err) => reply({ type: "fatal", message: String(err?.stack ?? err) }));
process.on("unhandledRejection", (err) => reply({ type: "fatal", message: String(err?.stack ?? err) }));

try {
  const { start } = await import(`./${moduleName}.mjs`);
  const system = await start(config);
  // Handlers still running when the load stops (the client drops its sockets) must
  // finish before the store closes under them: count them until they end the response.
  let inflight = 0;
  system.server.prependListener("request", (req, res) => {
    inflight++;
    const end = res.end;
    res.end = function (...args) {
      inflight--;
      res.end = end;
      return end.apply(this, args);
    };
  });
  await new Promise((resolve, reject) => {
    system.server.once("error", reject);
    system.server.listen(0, "127.0.0.1", resolve);
  });
  let cpuFrom;
  let profiler;
  process.on("message", async (message) => {
    if (message.type === "cpu-start") {
      cpuFrom = process.cpuUsage();
      reply({ type: "cpu-started", id: message.id });
    } else if (message.type === "cpu-stop") {
      const used = process.cpuUsage(cpuFrom);
      reply({ type: "cpu", id: message.id, user: used.user, system: used.system, rss: process.memoryUsage().rss });
    } else if (message.type === "profile-start") {
      // The inspector's profiler, so a profile covers the measured load only (not startup or seeding).
      const { Session } = await import("node:inspector/promises");
      profiler = new Session();
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
      reply({ type: "profile-started", id: message.id });
    } else if (message.type === "profile-stop") {
      const { profile } = await profiler.post("Profiler.stop");
      const { writeFile } = await import("node:fs/promises");
      await writeFile(message.file, JSON.stringify(profile));
      profiler.disconnect();
      reply({ type: "profile", id: message.id, file: message.file });
    } else if (message.type === "idle") {
      // Answers once no request is in flight (the previous load's stragglers have finished).
      for (let waited = 0; inflight > 0 && waited < 10_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
      reply({ type: "idle", id: message.id, inflight });
    } else if (message.type === "close") {
      system.server.close();
      system.server.closeIdleConnections();
      for (let waited = 0; inflight > 0 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      system.server.closeAllConnections();
      await system.close();
      reply({ type: "closed", id: message.id });
      // process.exit so a profile (--cpu-prof) is written and no store timer keeps the process up.
      setTimeout(() => process.exit(0), 10);
    }
  });
  reply({ type: "ready", port: system.server.address().port });
} catch (err) {
  reply({ type: "fatal", message: String(err?.stack ?? err) });
  setTimeout(() => process.exit(1), 10);
}
