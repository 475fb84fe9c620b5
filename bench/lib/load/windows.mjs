/** Sums measured windows of one system and workload into its figures: rates over the total time, latency percentiles as the mean of the windows'. */
export function combineWindows(windows) {
  const sum = (key) => windows.reduce((a, w) => a + (w[key] ?? 0), 0);
  const requests = sum("requests");
  const seconds = sum("seconds");
  const n = Math.max(1, requests);
  const mean = (key) => sum(key) / Math.max(1, windows.length);
  const counted = windows.filter((w) => w.commands);
  const byName = {};
  for (const w of counted) for (const [k, v] of Object.entries(w.commands.byName)) byName[k] = (byName[k] ?? 0) + v;
  const files = windows.filter((w) => w.filesWritten !== undefined);
  return {
    windows: windows.length,
    requests,
    seconds,
    rps: requests / Math.max(seconds, 1e-9),
    p50: mean("p50"),
    p99: mean("p99"),
    non2xx: sum("non2xx"),
    errors: sum("errors"),
    timeouts: sum("timeouts"),
    cpuUsPerRequest: sum("cpuUs") / n,
    commandsPerRequest: counted.length ? counted.reduce((a, w) => a + w.commands.total, 0) / n : undefined,
    commandsByName: counted.length ? Object.fromEntries(Object.entries(byName).map(([k, v]) => [k, v / n])) : undefined,
    filesWritten: files.length ? files.reduce((a, w) => a + w.filesWritten, 0) : undefined,
  };
}
