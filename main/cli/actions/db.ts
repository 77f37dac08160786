import { existsSync } from 'node:fs';
import { defaultDatabaseFile } from '../../store/paths';
import type { Action } from '../program';
import { UsageError } from '../io';

export const check: Action = async (cli) =>
  cli.withApp(['account'], async (_app, s) => {
    const r = s.account.checkDatabase();
    cli.print(r, () => (r.ok && !r.problem ? `${r.file}: intact (integrity_check found no problem).` : [`${r.file}: DAMAGED`, ...r.problems.map((p) => `  ${p}`), r.problem?.message ?? ''].filter(Boolean).join('\n')));
    return r.ok ? 0 : 5;
  });

export const backups: Action = async (cli) =>
  cli.withApp(['account'], async (_app, s) => {
    const list = s.account.backups();
    cli.print({ dir: s.account.backupDir(), backups: list }, () =>
      list.length === 0
        ? `No backups yet in ${s.account.backupDir()}; one is made each day the app or a run opens the database, and before every update of its schema. Make one now: hunter db backup`
        : list.map((b) => `${b.file}  ${b.reason.padEnd(16)} ${b.takenAt.slice(0, 19).replace('T', ' ')}  ${(b.size / 1e6).toFixed(1)} MB  ${b.ok === false ? `DAMAGED: ${b.problems[0] ?? ''}` : 'ok'}`).join('\n'),
    );
    return 0;
  });

export const backup: Action = async (cli) =>
  cli.withApp(['account'], async (_app, s) => {
    const b = await s.account.backup(cli.ctx(s));
    cli.print(b, () => `Backed up to ${b.file} (${(b.size / 1e6).toFixed(1)} MB).`);
    return 0;
  });

/** Restores with no connection open: the database file is replaced, so nothing may hold it. */
export const restore: Action = async (cli, args) => {
  const file = cli.opts.db ?? defaultDatabaseFile();
  if (!existsSync(args[0]!)) throw new UsageError(`No backup at ${args[0]}; list them with hunter db backups.`);
  const { AccountService } = await import('../../services/account');
  const r = AccountService.restore(args[0]!, file);
  cli.print(r, () => `Restored ${r.restored} from ${r.from}${r.savedCurrent ? `; the file as it was is kept as ${r.savedCurrent.file}` : ''}.`);
  return 0;
};
