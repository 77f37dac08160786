/**
 * Reading a V8 CPU profile (`node --cpu-prof`) for the benches: self time per function inside a window of
 * the run (one recipe's), and for each of the top functions the frame that called it from our own code,
 * past the store's statement wrapper (store/database.ts `guarded`), whose self time is SQLite's.
 */
import { readFileSync } from 'node:fs';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; parent?: number; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

export interface SelfTime { fn: string; ms: number; share: number; callers: Array<{ fn: string; share: number }> }

const ROOT = new URL('../../', import.meta.url).pathname;

/** A function as `name file`: the file relative to the project (tsx's transform leaves line numbers meaningless). */
function frameName(f: CallFrame): string {
  const file = f.url.replace(/^file:\/\//, '').replace(ROOT, '').replace(/^.*\/node_modules\//, '');
  const name = f.functionName || '(anonymous)';
  return file ? `${name} ${file}` : name;
}

/** Frames that only pass a call on: the statement guard, and better-sqlite3's own wrappers. */
const PASS_THROUGH = [/store\/database\.ts/, /node_modules\/better-sqlite3\//];

export class Profile {
  private readonly byId = new Map<number, ProfileNode>();
  /** Each sample's node and time (µs, the profile's monotonic clock) and how long it stood for. */
  private readonly samples: Array<{ node: number; t: number; dt: number }> = [];

  constructor(file: string) {
    const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    for (const n of p.nodes) this.byId.set(n.id, n);
    for (const n of p.nodes) for (const c of n.children ?? []) this.byId.get(c)!.parent = n.id;
    let t = p.startTime;
    for (let i = 0; i < p.samples.length; i++) {
      t += p.timeDeltas[i] ?? 0;
      this.samples.push({ node: p.samples[i]!, t, dt: 0 });
    }
    for (let i = 0; i + 1 < this.samples.length; i++) this.samples[i]!.dt = this.samples[i + 1]!.t - this.samples[i]!.t;
  }

  /** Self time per function in [fromUs, toUs), the largest first, with the callers of each from our code. */
  selfTimes(fromUs: number, toUs: number, top = 12): { total_ms: number; functions: SelfTime[]; by_file: Array<{ file: string; share: number }> } {
    const self = new Map<string, number>();
    const callers = new Map<string, Map<string, number>>();
    const files = new Map<string, number>();
    let total = 0;
    for (const s of this.samples) {
      if (s.t < fromUs || s.t >= toUs) continue;
      const node = this.byId.get(s.node)!;
      const name = frameName(node.callFrame);
      total += s.dt;
      self.set(name, (self.get(name) ?? 0) + s.dt);
      const file = this.ourFile(node);
      files.set(file, (files.get(file) ?? 0) + s.dt);
      const caller = this.callerOf(node);
      let m = callers.get(name);
      if (!m) callers.set(name, (m = new Map()));
      m.set(caller, (m.get(caller) ?? 0) + s.dt);
    }
    const functions = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, us]) => ({
      fn, ms: Math.round(us / 1000), share: total ? us / total : 0,
      callers: [...callers.get(fn)!.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([c, cu]) => ({ fn: c, share: cu / us })),
    }));
    const by_file = [...files.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([file, us]) => ({ file, share: total ? us / total : 0 }));
    return { total_ms: Math.round(total / 1000), functions, by_file };
  }

  /** The first frame above a node that is ours and does more than pass the call on (the caller of a SQL statement). */
  private callerOf(node: ProfileNode): string {
    let n = node.parent === undefined ? undefined : this.byId.get(node.parent);
    while (n && (PASS_THROUGH.some((r) => r.test(n!.callFrame.url)) || !n.callFrame.url || n.callFrame.functionName === node.callFrame.functionName)) {
      n = n.parent === undefined ? undefined : this.byId.get(n.parent);
    }
    return n ? frameName(n.callFrame) : '(root)';
  }

  /** The source file of our code a sample's time belongs to: its own, or its nearest caller's in main/ when it is a library's, native or the statement guard (so SQLite's time goes to the store file that ran the statement). */
  private ourFile(node: ProfileNode): string {
    let n: ProfileNode | undefined = node;
    while (n && (!/\/main\//.test(n.callFrame.url) || PASS_THROUGH.some((r) => r.test(n!.callFrame.url)))) n = n.parent === undefined ? undefined : this.byId.get(n.parent);
    if (!n) return node.callFrame.url ? 'library' : node.callFrame.functionName || '(native)';
    return n.callFrame.url.replace(/^.*\/main\//, 'main/');
  }
}
