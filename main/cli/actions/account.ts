import type { Action } from '../program';
import { num } from '../io';

export const credits: Action = async (cli, _args, opts) =>
  cli.withApp(['account'], async (_app, s) => {
    const ctx = cli.ctx(s);
    const grant = num(opts.grant as string | undefined, '--grant', 0.000001, 1_000_000);
    const c = grant !== undefined ? s.account.grant(ctx, grant) : s.account.credits(ctx);
    const sub = c.subscription;
    cli.print(c, () =>
      [
        `Balance: ${c.balance} credits (granted ${c.granted}, spent ${c.charged})`,
        `This month: ${sub.credits_used_this_month} of ${sub.monthly_credits_total} credits, ${sub.api_calls_used_this_month} of ${sub.api_calls_limit} API calls; plan ${sub.plan_id}${sub.trial_ends_at ? `, trial ends ${sub.trial_ends_at.slice(0, 10)}` : ''}`,
        ...c.alerts.slice(0, 5).map((a) => `Alert [${a.severity}] ${a.title}: ${a.message}`),
      ].join('\n'),
    );
    return 0;
  });

export const alerts: Action = async (cli, _args, opts) =>
  cli.withApp(['account'], async (_app, s) => {
    const list = s.account.alerts(cli.ctx(s), { unread: !!opts.unread });
    cli.print(list, () =>
      list.length === 0
        ? 'No alerts.'
        : list.map((a) => `${a.id}  ${a.read ? '    ' : 'new '}[${a.severity}] ${a.created_at.slice(0, 16).replace('T', ' ')}  ${a.title}: ${a.message}${a.suggested_action ? `\n    ${a.suggested_action}` : ''}`).join('\n'),
    );
    return 0;
  });

export const readAlert: Action = async (cli, args) =>
  cli.withApp(['account'], async (_app, s) => {
    const r = s.account.readAlert(cli.ctx(s), args[0]!);
    cli.print(r, () => `${args[0]}: read`);
    return 0;
  });

export const verifyAudit: Action = async (cli) =>
  cli.withApp(['account'], async (_app, s) => {
    const v = s.account.verifyAudit(cli.ctx(s));
    cli.print(v, () => (v.ok ? `Audit log intact: ${v.entries} entries, hash chain verified, the credit ledger matches it.` : `AUDIT LOG TAMPERED: ${v.problem}`));
    return v.ok ? 0 : 4;
  });

export const exportAudit: Action = async (cli, _args, opts) =>
  cli.withApp(['account'], async (_app, s) => {
    const filter = { action: opts.action as string | undefined, execution_id: opts.execution as string | undefined, since: opts.since as string | undefined, until: opts.until as string | undefined };
    const ctx = cli.ctx(s);
    if (opts.out) {
      const r = s.account.exportAudit(ctx, { out: String(opts.out), filter });
      cli.print(r, () => `Wrote ${r.entries} entries to ${r.path} (chain ${r.verification.ok ? 'intact' : 'TAMPERED'}).`);
      return r.verification.ok ? 0 : 4;
    }
    // To stdout: the document itself, as a script piping it expects.
    const doc = s.account.auditDocument(ctx, filter);
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    return doc.verification.ok ? 0 : 4;
  });
