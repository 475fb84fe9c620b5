import { readFile } from "node:fs/promises";
import path from "node:path";

/** Where a frame's code lives: a sess package, an npm package, Node's own modules, or the VM. */
function ownerOf(frame) {
  const { url, functionName } = frame;
  if (!url) return ["(garbage collector)", "(program)", "(idle)"].includes(functionName) ? functionName : null;
  const pkg = /\/packages\/([^/]+)\//.exec(url);
  if (pkg && !url.includes("node_modules")) return `@sess/${pkg[1]}`;
  const nm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (url.startsWith("node:")) return "node (http, net, crypto…)";
  return "bench server";
}

/** Self time by owner (a native function counts for the JavaScript that called it), as shares of busy time. */
export async function ownerShares(file) {
  const profile = JSON.parse(await readFile(file, "utf8"));
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const shares = new Map();
  const walk = (node, inherited) => {
    const owner = ownerOf(node.callFrame) ?? inherited;
    shares.set(owner, (shares.get(owner) ?? 0) + (self.get(node.id) ?? 0));
    for (const child of node.children ?? []) walk(byId.get(child), owner);
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  walk(profile.nodes[0], "node (http, net, crypto…)");
  shares.delete("(idle)");
  const total = [...shares.values()].reduce((a, b) => a + b, 0) || 1;
  return [...shares].sort((a, b) => b[1] - a[1]).map(([owner, t]) => ({ owner, percent: (t / total) * 100 }));
}

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
