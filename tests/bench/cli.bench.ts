import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/temp';
import { round, type BenchResult } from './harness';

const ROOT = new URL('../../', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 15);
const NODE = process.execPath;
const TIME = '/usr/bin/time';

/** The package's bin, as `npx hunter` runs it: the built JavaScript, built now so it is the current code. */
function bin(): string {
  execFileSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, stdio: 'inherit' });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: { hunter: string } };
  return join(ROOT, pkg.bin.hunter);
}

/** Wall time of one run, and its peak memory when GNU time is there to tell it. */
function once(args: string[]): { ms: number; kb: number | null } {
  const withTime = existsSync(TIME);
  const t = performance.now();
  const r = withTime ? spawnSync(TIME, ['-f', '%M', NODE, ...args], { encoding: 'utf8' }) : spawnSync(NODE, args, { encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const kb = withTime ? Number(r.stderr.trim().split('\n').pop()) : null;
  return { ms, kb: Number.isFinite(kb) ? kb : null };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Cold start of two everyday commands through the package's bin, against a bare `node -e 1` of the same
 * Node in the same run, alternated so a busy moment falls on both sides. Goal: at most 4× the bare start,
 * and under 80 MB at peak.
 */
export default async function cliBench(): Promise<BenchResult[]> {
  const dir = tempDir('hunter-bench-cli-');
  try {
    const hunter = bin();
    const db = dir.file('bench.db');
    // A workspace with drafts to list (the demo), opened once so the file is known and checked.
    execFileSync(NODE, [hunter, 'demo', '--db', db, '--json'], { stdio: 'ignore' });
    execFileSync(NODE, [hunter, 'credits', '--db', db], { stdio: 'ignore' });
    const commands: Array<{ name: string; args: string[] }> = [
      { name: 'hunter credits', args: [hunter, 'credits', '--db', db] },
      { name: 'hunter drafts list --limit 20', args: [hunter, 'drafts', 'list', '--limit', '20', '--db', db] },
    ];
    const bare: number[] = [];
    const times = commands.map(() => [] as number[]);
    const peaks = commands.map(() => [] as number[]);
    for (let i = 0; i < RUNS; i++) {
      bare.push(once(['-e', '1']).ms);
      commands.forEach((c, j) => {
        const r = once(c.args);
        times[j]!.push(r.ms);
        if (r.kb !== null) peaks[j]!.push(r.kb);
      });
    }
    const base = median(bare);
    return commands.map((c, j) => {
      const ms = median(times[j]!);
      const ratio = ms / base;
      const peakMb = peaks[j]!.length ? Math.max(...peaks[j]!) / 1024 : null;
      return {
        name: `cold start: ${c.name} (through the package's bin)`,
        value: round(ms, 0),
        unit: 'ms (median)',
        baseline: round(base, 0),
        baseline_label: `node -e 1, same Node, alternated, ${RUNS} runs each`,
        ratio: round(ratio, 2),
        goal: '<= 4x node -e 1; peak memory < 80 MB',
        pass: ratio <= 4 && (peakMb === null || peakMb < 80),
        notes: `peak memory ${peakMb === null ? `not measured (no ${TIME})` : `${peakMb.toFixed(1)} MB`}; fastest ${round(Math.min(...times[j]!), 0)} ms, slowest ${round(Math.max(...times[j]!), 0)} ms`,
      };
    });
  } finally {
    dir.cleanup();
  }
}
