import { writeFileSync } from 'node:fs';
import { fromMicros, toMicros } from '../core/credits';
import { subscriptionStatus } from '../recipes/subscription';
import { type Cli, UsageError } from './context';

export async function creditsCommand(cli: Cli): Promise<number> {
  const app = cli.openApp();
  try {
    const store = app.workspace(cli.flags.workspace);
    if (cli.flags.grant !== undefined) {
      const n = Number(cli.flags.grant);
      if (!Number.isFinite(n) || n <= 0) throw new UsageError('--grant takes a positive number of credits');
      store.ledger.grant(toMicros(n), 'added by the rep', { type: 'cli', id: 'hunter' });
    }
    const bal = store.ledger.balance();
    const status = subscriptionStatus(store);
    const entries = store.ledger.entries({ limit: Number(cli.flags.limit ?? 20) });
    cli.print(
      { balance: fromMicros(bal.balance_micros), granted: fromMicros(bal.granted_micros), charged: fromMicros(bal.charged_micros), subscription_status: status, alerts: store.alerts.list({ limit: 10 }), recent: entries.map((e) => ({ ...e, amount: fromMicros(e.amount_micros) })) },
      () =>
        [
          `Balance: ${fromMicros(bal.balance_micros)} credits (granted ${fromMicros(bal.granted_micros)}, spent ${fromMicros(bal.charged_micros)})`,
          `This month: ${status.credits_used_this_month} of ${status.monthly_credits_total} credits, ${status.api_calls_used_this_month} of ${status.api_calls_limit} API calls; plan ${status.plan_id}${status.trial_ends_at ? `, trial ends ${status.trial_ends_at.slice(0, 10)}` : ''}`,
          ...store.alerts.list({ limit: 5 }).map((a) => `Alert [${a.severity}] ${a.title}: ${a.message}`),
        ].join('\n'),
    );
    return 0;
  } finally {
    app.close();
  }
}

export async function auditCommand(cli: Cli): Promise<number> {
  const [sub] = cli.args;
  const app = cli.openApp();
  try {
    const store = app.workspace(cli.flags.workspace);
    if (sub === 'verify') {
      const v = store.audit.verify();
      cli.print(v, () => (v.ok ? `Audit log intact: ${v.entries} entries, hash chain verified.` : `AUDIT LOG TAMPERED: ${v.problem}`));
      return v.ok ? 0 : 4;
    }
    if (sub === 'export') {
      const entries = store.audit.list({
        action: cli.flags.action as string | undefined, execution_id: cli.flags.execution as string | undefined,
        since: cli.flags.since as string | undefined, until: cli.flags.until as string | undefined,
      });
      const verification = store.audit.verify();
      const doc = { workspace_id: store.workspaceId, exported_at: new Date().toISOString(), verification, entries };
      store.audit.append({ actor: { type: 'cli', id: 'hunter' }, action: 'audit_exported', resource: 'audit_log', resource_id: store.workspaceId });
      if (cli.flags.out) {
        writeFileSync(cli.flags.out as string, JSON.stringify(doc, null, 2));
        cli.print({ out: cli.flags.out, entries: entries.length, verification }, () => `Wrote ${entries.length} entries to ${cli.flags.out} (chain ${verification.ok ? 'intact' : 'TAMPERED'}).`);
      } else {
        process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
      }
      return verification.ok ? 0 : 4;
    }
    throw new UsageError('audit takes verify or export');
  } finally {
    app.close();
  }
}
