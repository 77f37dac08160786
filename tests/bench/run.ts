/**
 * `npm run bench`: runs every tests/bench/*.bench.ts (or those named on the command line), prints one
 * table and writes tests/bench/results/latest.json. Each figure comes with its same-run baseline.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, BenchResult } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const all: Array<BenchResult & { file: string }> = [];
for (const f of files) {
  process.stderr.write(`bench: ${f}…\n`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: Bench };
  try {
    for (const r of await mod.default()) all.push({ ...r, file: f });
  } catch (err) {
    all.push({ file: f, name: `${f} failed`, value: NaN, unit: '', baseline: null, baseline_label: null, ratio: null, goal: '', pass: false, notes: String((err as Error)?.stack ?? err) });
  }
}

const rows = all.map((r) => [
  r.name,
  `${fmt(r.value)} ${r.unit}`,
  r.baseline == null ? '' : `${fmt(r.baseline)} (${r.baseline_label})`,
  r.ratio == null ? '' : fmt(r.ratio),
  r.goal,
  r.pass == null ? '' : r.pass ? 'yes' : 'NO',
]);
const head = ['benchmark', 'value', 'same-run baseline', 'ratio', 'goal', 'met'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));
for (const r of all) if (r.notes) console.log(`note (${r.name}): ${r.notes}`);

const out = join(here, 'results');
mkdirSync(out, { recursive: true });
const json = { measured_at: new Date().toISOString(), node: process.version, results: all };
writeFileSync(join(out, 'latest.json'), JSON.stringify(json, null, 2));
console.log(`\nwrote ${join('tests/bench/results', 'latest.json')}`);

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(3);
}
