/** Escapes text for SVG. */
function esc(text) {
  return String(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

// Two shades per kind: write (dark), read (light).
const COLORS = {
  baseline: ["#4b5563", "#9ca3af"],
  sess: ["#0f766e", "#5eead4"],
  peer: ["#b45309", "#fcd34d"],
};

/**
 * A horizontal bar chart of requests per second per system: one bar per workload,
 * sess in teal, other session libraries in amber, no-session baselines in gray. `rows`: { label, kind, write, read, note }.
 */
export function barChart(rows, { title, subtitle }) {
  const left = 330;
  const barArea = 520;
  const width = left + barArea + 110;
  const barH = 13;
  const rowH = barH * 2 + 12;
  const top = 92;
  const height = top + rows.length * rowH + 20;
  const max = Math.max(1, ...rows.flatMap((r) => [r.write ?? 0, r.read ?? 0]));
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="13">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="16" y="26" font-size="17" font-weight="bold" fill="#111827">${esc(title)}</text>`);
  out.push(`<text x="16" y="46" font-size="12" fill="#4b5563">${esc(subtitle)}</text>`);
  const legend = [["sess", COLORS.sess], ["other session libraries", COLORS.peer], ["no session (baselines)", COLORS.baseline]];
  let lx = 16;
  for (const [name, [dark, light]] of legend) {
    out.push(`<rect x="${lx}" y="60" width="12" height="12" fill="${dark}"/><rect x="${lx + 13}" y="60" width="12" height="12" fill="${light}"/>`);
    out.push(`<text x="${lx + 31}" y="71" fill="#111827">${esc(name)}</text>`);
    lx += 40 + name.length * 7;
  }
  out.push(`<text x="${width - 16}" y="71" text-anchor="end" fill="#4b5563">dark: write · light: read-only</text>`);
  rows.forEach((row, i) => {
    const y = top + i * rowH;
    const [dark, light] = COLORS[row.kind] ?? COLORS.peer;
    if (i > 0) out.push(`<line x1="16" x2="${width - 16}" y1="${y - 5}" y2="${y - 5}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${left - 10}" y="${y + barH + 4}" text-anchor="end" fill="#111827">${esc(row.label)}</text>`);
    if (row.note) {
      out.push(`<text x="${left}" y="${y + barH + 4}" fill="#6b7280" font-style="italic">${esc(row.note)}</text>`);
      return;
    }
    [["write", dark, y], ["read", light, y + barH + 2]].forEach(([key, color, by]) => {
      const value = row[key] ?? 0;
      const w = Math.max(1, (value / max) * barArea);
      out.push(`<rect x="${left}" y="${by}" width="${w.toFixed(1)}" height="${barH}" fill="${color}"/>`);
      out.push(`<text x="${(left + w + 6).toFixed(1)}" y="${by + barH - 2}" font-size="12" fill="#111827">${Math.round(value).toLocaleString("en-US")} ${key === "write" ? "w" : "r"}</text>`);
    });
  });
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}
