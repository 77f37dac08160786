import { spawn } from 'node:child_process';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `hunter` CLI in a child process (the project's Node, through tsx), as a rep or a script
 * would. `interruptAfterStartMs` sends `signal` (SIGKILL by default) that long after the execution exists,
 * or, with `interruptWhen`, at the first moment after that when the condition holds.
 */
export function runHunter(
  args: string[],
  opts: { env?: Record<string, string>; interruptAfterStartMs?: number; signal?: NodeJS.Signals; interruptWhen?: () => boolean } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/hunter.ts', ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0', ...opts.env } });
    let stdout = '';
    let stderr = '';
    let armed = opts.interruptAfterStartMs !== undefined;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (armed && /Execution exec_\w+ started/.test(stderr)) {
        armed = false;
        setTimeout(() => {
          if (!opts.interruptWhen) return void child.kill(opts.signal ?? 'SIGKILL');
          // Poll the condition (e.g. how far the run got in its database) and interrupt when it holds.
          const poll = setInterval(() => {
            if (child.exitCode !== null || child.signalCode !== null) return clearInterval(poll);
            if (opts.interruptWhen!()) {
              clearInterval(poll);
              child.kill(opts.signal ?? 'SIGKILL');
            }
          }, 5);
        }, opts.interruptAfterStartMs);
      }
    });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
