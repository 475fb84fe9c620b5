import { readFile } from "node:fs/promises";
import path from "node:path";

/** The functions with the most self time in a V8 .cpuprofile, as shares of busy time: [{ name, where, percent }]. */
export async function topFunctions(file, limit = 12) {
  const profile = JSON.parse(await readFile(file, "utf8"));
  const self = new Map(profile.nodes.map((n) => [n.id, 0]));
  const deltas = profile.timeDeltas ?? [];
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0)));
  // Shares of busy time: the server waiting for the client ("(idle)") is left out.
  const idle = profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").reduce((a, n) => a + (self.get(n.id) ?? 0), 0);
  const total = [...self.values()].reduce((a, b) => a + b, 0) - idle || 1;
  const byFunction = new Map();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${shorten(url)}:${lineNumber + 1}` : "";
    const name = functionName || (url ? "(anonymous)" : "(native)");
    const key = `${name} ${where}`;
    const entry = byFunction.get(key) ?? { name, where, time: 0 };
    entry.time += self.get(node.id) ?? 0;
    byFunction.set(key, entry);
  }
  return [...byFunction.values()]
    .filter((e) => e.name !== "(idle)")
    .sort((a, b) => b.time - a.time)
    .slice(0, limit)
    .map((e) => ({ name: e.name, where: e.where, percent: (e.time / total) * 100 }));
}

// Paths inside the repo or node_modules, shortened to what a reader needs.
function shorten(url) {
  const file = url.replace(/^file:\/\//, "");
  const nm = file.lastIndexOf("node_modules/");
  if (nm !== -1) return file.slice(nm + "node_modules/".length).replace(/^\.pnpm\/[^/]+\/node_modules\//, "");
  const pk = file.indexOf("/packages/");
  if (pk !== -1) return file.slice(pk + 1);
  return path.basename(file);
}
