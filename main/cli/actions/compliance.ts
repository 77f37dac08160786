import { resolve } from 'node:path';
import type { DncKind } from '../../core/dnc';
import type { EraseReason, EraseSuppress } from '../../store/erase';
import type { Action } from '../program';
import { int, UsageError } from '../io';

/**
 * The rep's obligations to the people they write to: the do-not-contact list, what is held about a
 * lead (and its erasure), from the command line. Every rule lives in services/compliance.
 */

export const dncList: Action = async (cli, _args, opts) =>
  cli.withApp(['compliance'], async (_app, s) => {
    const page = s.compliance.dncList(cli.ctx(s), {
      kind: opts.kind as DncKind | undefined,
      search: opts.search as string | undefined,
      limit: int(opts.limit as string | undefined, '--limit', 1, 5000) ?? 200,
      offset: int(opts.offset as string | undefined, '--offset', 0, 1e9) ?? 0,
    });
    cli.print(page, () =>
      page.rows.length === 0
        ? 'The do-not-contact list is empty (hunter dnc add ADDRESS|DOMAIN|PHONE).'
        : [
            ...page.rows.map((e) => `${e.id}  ${e.kind.padEnd(7)} ${(e.value ?? '(erased, kept as a one-way hash)').padEnd(40)} ${e.source}${e.reason ? ` — ${e.reason}` : ''}`),
            page.total > page.rows.length ? `${page.rows.length} of ${page.total} shown (--limit, --offset for more).` : '',
          ].filter(Boolean).join('\n'),
    );
    return 0;
  });

export const dncAdd: Action = async (cli, args, opts) =>
  cli.withApp(['compliance'], async (_app, s) => {
    const r = s.compliance.dncAdd(cli.ctx(s), args, 'manual', (opts.reason as string | undefined) ?? null, { kind: opts.kind as DncKind | undefined });
    cli.print(r, () =>
      [
        ...r.added.map((e) => `Added ${e.kind} ${e.value} (${e.id}).`),
        ...r.already_listed.map((e) => `Already listed: ${e.kind} ${e.value ?? '(hashed)'}.`),
        ...r.refused.map((x) => `Refused "${x.value}": ${x.reason}`),
      ].join('\n'),
    );
    return r.refused.length && !r.added.length && !r.already_listed.length ? 1 : 0;
  });

export const dncRemove: Action = async (cli, args) =>
  cli.withApp(['compliance'], async (_app, s) => {
    const r = s.compliance.dncRemoveValues(cli.ctx(s), args);
    cli.print(r, () =>
      [...r.removed.map((e) => `Removed ${e.kind} ${e.value ?? '(hashed)'} from the do-not-contact list.`), ...r.not_listed.map((x) => `Not removed "${x.value}": ${x.reason}.`)].join('\n'),
    );
    return r.removed.length === 0 ? 1 : 0;
  });

export const dncImport: Action = async (cli, args, opts) =>
  cli.withApp(['compliance'], async (_app, s) => {
    const r = await s.compliance.dncImport(cli.ctx(s), resolve(args[0]!), { country: opts.country as string | undefined });
    cli.print(r, () =>
      [
        `${r.rows} row(s) read: ${r.added} added, ${r.already_listed} already listed, ${r.refused_total} refused.`,
        ...r.refused.slice(0, 20).map((x) => `  row ${x.row}${x.column ? ` (${x.column})` : ''}: "${x.value}" ${x.reason}`),
        r.refused_total > 20 ? `  … and ${r.refused_total - 20} more (--json lists the first 1 000).` : '',
      ].filter(Boolean).join('\n'),
    );
    return 0;
  });

export const dncCheck: Action = async (cli, args, opts) =>
  cli.withApp(['compliance'], async (_app, s) => {
    const ctx = cli.ctx(s);
    if (!args[0] && !opts.lead) throw new UsageError('Say what to check: hunter dnc check ADDRESS, or --lead LEAD.');
    const m = opts.lead ? s.compliance.dncCheckLead(ctx, String(opts.lead)) : s.compliance.dncCheckAddress(ctx, args[0]!);
    cli.print({ listed: !!m, match: m }, () => (m ? `Listed: ${m.reason}.` : 'Not on the do-not-contact list.'));
    return 0;
  });

export const rejectAndBlock: Action = async (cli, args, opts) => {
  const scope = opts.scope === undefined ? undefined : String(opts.scope);
  if (scope !== undefined && scope !== 'address' && scope !== 'business') throw new UsageError('--scope is address (only this address) or business (its address, domain, phone and name).');
  return cli.withApp(['compliance'], async (_app, s) => {
    const r = s.compliance.rejectAndBlock(cli.ctx(s), args[0]!, { reason: (opts.reason as string | undefined) ?? null, scope: scope as 'address' | 'business' | undefined });
    cli.print(r, () => `${r.draft_id}: rejected; ${r.dnc.added.length} entr${r.dnc.added.length === 1 ? 'y' : 'ies'} added to the do-not-contact list.`);
    return 0;
  });
};

export const exportData: Action = async (cli, args, opts) =>
  cli.withApp(['compliance'], async (_app, s) => {
    const r = s.compliance.writeLeadData(cli.ctx(s), args[0]!, opts.out ? resolve(String(opts.out)) : undefined);
    cli.print(r, () => `Everything held about the lead is in ${r.path} (JSON), to send to the person who asked.`);
    return 0;
  });

const REASONS: readonly EraseReason[] = ['subject_request', 'objection', 'no_longer_needed', 'unlawful', 'other'];
const SUPPRESS: readonly EraseSuppress[] = ['lead', 'addresses', 'none'];

export const erase: Action = async (cli, args, opts) => {
  const reason = String(opts.reason ?? '');
  if (!(REASONS as readonly string[]).includes(reason)) throw new UsageError(`Say why with --reason ${REASONS.join('|')}.`);
  const suppress = opts.suppress === undefined ? 'lead' : String(opts.suppress);
  if (!(SUPPRESS as readonly string[]).includes(suppress)) throw new UsageError(`--suppress is ${SUPPRESS.join(', ')} (what is kept, as one-way hashes, so the person is never written to again).`);
  // An erase cannot be undone: a person at a terminal is asked, a script must say --yes.
  if (!opts.yes && !(await confirmed(`Erase ${args[0]} and everything about it, in this file and its backups, for good? This cannot be undone. Type "erase" to go on: `, 'erase'))) {
    throw new UsageError(`Erasing ${args[0]} removes it and everything about it, in this file and its backups, for good. ${process.stdin.isTTY ? 'Nothing was erased.' : 'Add --yes to do it.'}`);
  }
  return cli.withApp(['compliance'], async (_app, s) => {
    const r = await s.compliance.erase(cli.ctx(s), args[0]!, { reason: reason as EraseReason, suppress: suppress as EraseSuppress, backups: opts.backups !== false });
    const removed = Object.entries(r.removed).filter(([, n]) => (n as number) > 0).map(([k, n]) => `${n} ${k.replace(/_/g, ' ')}`).join(', ');
    cli.print(r, () =>
      [`Erased ${r.lead_ids.length} lead record(s): ${removed || 'nothing else held'}. Erasure ${r.erasure_id}; the audit log still verifies.`, ...r.notices.map((n) => `  ${n}`)].join('\n'),
    );
    return 0;
  });
};

export const retention: Action = async (cli) =>
  cli.withApp(['compliance'], async (_app, s) => {
    const r = s.compliance.runRetention(cli.ctx(s));
    cli.print(r, () =>
      r.purged
        ? `${r.drafts_expired} draft(s) expired; purged by age (data ${r.limits.data_days} days, rejected texts ${r.limits.rejected_draft_days} days): ${Object.entries(r.purged).map(([k, n]) => `${n} ${k.replace(/_/g, ' ')}`).join(', ')}.`
        : `${r.drafts_expired} draft(s) expired; the purges by age ran less than a day ago.`,
    );
    return 0;
  });

/** Asks on a terminal and waits for the word; anywhere else (a script, a pipe) the answer is no. */
async function confirmed(question: string, word: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return false;
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim().toLowerCase() === word;
  } finally {
    rl.close();
  }
}
