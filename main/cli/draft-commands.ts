import { readFileSync } from 'node:fs';
import { DRAFT_STATUSES, type DraftStatus } from '../core/domain';
import { HunterError } from '../core/errors';
import { type Cli, need, UsageError } from './context';

const ACTOR = { type: 'cli' as const, id: 'hunter' };

export async function draftsCommand(cli: Cli): Promise<number> {
  const [sub, ...ids] = cli.args;
  const app = cli.openApp();
  try {
    const store = app.workspace(cli.flags.workspace);
    switch (sub) {
      case 'list': {
        const status = cli.flags.status as string | undefined;
        if (status && !DRAFT_STATUSES.includes(status as DraftStatus)) throw new UsageError(`--status must be one of ${DRAFT_STATUSES.join(', ')}`);
        const limit = cli.flags.limit ? Number(cli.flags.limit) : undefined;
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit takes a whole number above 0');
        const drafts = store.drafts.list({ status: status as DraftStatus | undefined, execution_id: cli.flags.execution as string | undefined, ...(limit ? { limit } : {}) });
        const leads = new Map(store.leads.getMany([...new Set(drafts.map((d) => d.lead_id))]).map((l) => [l.id, l]));
        const rows = drafts.map((d) => ({ ...d, company: leads.get(d.lead_id)?.name ?? null, quality_tier: leads.get(d.lead_id)?.quality_tier ?? null }));
        cli.print(rows, () =>
          rows.length === 0
            ? 'No drafts match. Run the agent (hunter run --csv FILE) or try another --status.'
            : rows.map((d) => `${d.id}  ${d.status.padEnd(14)} ${String(d.quality_tier ?? '').padEnd(7)} rank ${d.rank_score.toFixed(2)}  ${(d.company ?? '').slice(0, 32).padEnd(32)} ${d.recipient ?? '(no address)'}`).join('\n'),
        );
        return 0;
      }
      case 'show': {
        const id = need(ids[0], 'the draft id');
        const d = store.drafts.get(id);
        const lead = store.leads.get(d.lead_id);
        const versions = store.drafts.versions(id);
        const facts = store.leads.facts(d.lead_id);
        cli.print({ ...d, lead: { id: lead.id, name: lead.name, lead_score: lead.lead_score, score_breakdown: lead.score_breakdown, quality_tier: lead.quality_tier }, versions, facts }, () =>
          [
            `${d.id}  ${d.status}  to ${d.recipient ?? '(no address)'}${d.recipient_status ? ` [${d.recipient_status}]` : ''}`,
            `${lead.name}: score ${lead.lead_score} (${lead.quality_tier}) ${JSON.stringify(lead.score_breakdown)}`,
            `Subject: ${d.subject}`,
            '',
            d.body,
            '',
            `Written by ${d.model_used}; quality ${d.message_quality_score}; versions: ${versions.map((v) => v.kind).join(', ')}`,
            `Facts: ${facts.map((f) => `${f.kind}=${f.value} (${f.method})`).join('; ')}`,
          ].join('\n'),
        );
        return 0;
      }
      case 'approve':
      case 'reject': {
        if (ids.length === 0) throw new UsageError(`drafts ${sub} needs at least one draft id`);
        const status = sub === 'approve' ? 'approved' : 'rejected';
        const done = ids.map((id) => store.drafts.setStatus(id, status, ACTOR));
        cli.print(done.map((d) => ({ id: d.id, status: d.status })), () => done.map((d) => `${d.id}: ${d.status}`).join('\n'));
        return 0;
      }
      case 'edit': {
        const id = need(ids[0], 'the draft id');
        const body = cli.flags.file ? readFileSync(cli.flags.file as string, 'utf8') : (cli.flags.body as string | undefined);
        if (body === undefined) throw new UsageError('drafts edit needs --body TEXT or --file FILE');
        const d = store.drafts.edit(id, body, (cli.flags.subject as string | undefined) ?? null, ACTOR);
        cli.print({ id: d.id, status: d.status, current_version: d.current_version, body: d.body, subject: d.subject }, () => `${d.id}: edited (your text is kept; a later refinement will not replace it)`);
        return 0;
      }
      default:
        throw new UsageError('drafts takes list, show ID, approve ID…, reject ID… or edit ID --body TEXT');
    }
  } catch (e) {
    if (e instanceof HunterError || e instanceof UsageError) throw e;
    throw e;
  } finally {
    app.close();
  }
}
