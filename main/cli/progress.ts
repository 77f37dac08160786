import { formatCredits } from '../core/credits';
import type { ExecutionEvent, RecipeProgress } from '../engine/types';

/**
 * Run progress for a person: one redrawn bar per recipe on a terminal, plain lines when the output is a
 * file or a pipe (so logs stay readable), nothing at all with --json (stdout is the JSON).
 */
export class ProgressReporter {
  private lines = 0;
  private readonly rows = new Map<string, RecipeProgress>();
  private lastPlain = new Map<string, number>();
  private lastLine = new Map<string, string>();

  constructor(private readonly out: NodeJS.WriteStream | NodeJS.WritableStream, private readonly tty: boolean, private readonly quiet: boolean) {}

  handle = (e: ExecutionEvent): void => {
    if (this.quiet) return;
    if (e.type === 'progress' && e.progress) {
      this.rows.set(e.progress.recipe_id, e.progress);
      if (this.tty) this.redraw();
      else this.plain(e.progress);
    } else if (e.type === 'retry' && !this.tty) {
      this.out.write(`retry: ${e.recipe_id} ${e.message}\n`);
    } else if (e.type === 'recipe_finished') {
      if (!this.tty) this.out.write(`${e.recipe_id}: ${e.status}\n`);
    }
  };

  private plain(p: RecipeProgress): void {
    const now = Date.now();
    const done = p.phase === 'done' || (p.total > 0 && p.processed >= p.total);
    // A note from a recipe's preparation (places found per query and cell as a map search reads them) is
    // news each time, and comes at the pace of pages: every one is printed.
    const news = p.phase === 'preparing' && !!p.note;
    if (!done && !news && now - (this.lastPlain.get(p.recipe_id) ?? 0) < 2000) return;
    this.lastPlain.set(p.recipe_id, now);
    const line = `${p.recipe_id}: ${p.note ?? `${p.processed}/${p.total} processed, ${p.succeeded} ok, ${p.failed} failed, ${p.skipped} skipped, ${formatCredits(p.credits_micros)} credits`}`;
    if (this.lastLine.get(p.recipe_id) === line) return;
    this.lastLine.set(p.recipe_id, line);
    this.out.write(line + '\n');
  }

  private redraw(): void {
    if (this.lines) this.out.write(`\x1b[${this.lines}A`);
    const width = 24;
    const text = [...this.rows.values()].map((p) => {
      const frac = p.total > 0 ? Math.min(1, p.processed / p.total) : 0;
      const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
      const detail = p.note ?? `${p.processed}/${p.total}  ok ${p.succeeded}  failed ${p.failed}  skipped ${p.skipped}  ${formatCredits(p.credits_micros)} cr`;
      return `\x1b[2K${p.recipe_id.padEnd(16)} ${bar} ${detail}`;
    });
    this.out.write(text.join('\n') + '\n');
    this.lines = text.length;
  }
}
