import { readFileSync } from 'node:fs';
import type { DraftStatus } from '../../core/domain';
import type { Action } from '../hunter';
import { int, UsageError } from '../io';

export const list: Action = async (cli, _args, opts) =>
  cli.withApp(async (_app, s) => {
    const page = s.drafts.list(cli.ctx(s), {
      status: opts.status as DraftStatus | undefined,
      execution_id: opts.execution as string | undefined,
      limit: int(opts.limit as string | undefined, '--limit', 1, 5000) ?? 200,
      offset: int(opts.offset as string | undefined, '--offset', 0, 1e9) ?? 0,
    });
    cli.print(page, () =>
      page.rows.length === 0
        ? 'No drafts match. Run the agent (hunter run --csv FILE) or try another --status.'
        : [
            ...page.rows.map((d) => `${d.id}  ${d.status.padEnd(14)} ${String(d.quality_tier ?? '').padEnd(7)} rank ${d.rank_score.toFixed(2)}  ${d.company.slice(0, 32).padEnd(32)} ${d.recipient ?? '(no address)'}`),
            page.total > page.rows.length ? `${page.rows.length} of ${page.total} shown (--limit, --offset for more).` : '',
          ].filter(Boolean).join('\n'),
    );
    return 0;
  });

export const show: Action = async (cli, args) =>
  cli.withApp(async (_app, s) => {
    const d = s.drafts.show(cli.ctx(s), args[0]!);
    cli.print(d, () =>
      [
        `${d.id}  ${d.status}  to ${d.recipient ?? '(no address)'}${d.recipient_status ? ` [${d.recipient_status}]` : ''}`,
        `${d.company}: score ${d.lead.lead_score} (${d.lead.quality_tier}) ${JSON.stringify(d.lead.score_breakdown)}`,
        `Subject: ${d.subject}`,
        '',
        d.body,
        '',
        `Written by ${d.model_used}; quality ${d.message_quality_score}; versions: ${d.versions.map((v) => v.kind).join(', ')}`,
        `Facts: ${d.facts.map((f) => `${f.kind}=${f.value} (${f.method})`).join('; ')}`,
      ].join('\n'),
    );
    return 0;
  });

const decide = (what: 'approve' | 'reject'): Action => async (cli, args) =>
  cli.withApp(async (_app, s) => {
    const ctx = cli.ctx(s);
    const done = args.map((id) => s.drafts[what](ctx, id));
    cli.print(done, () => done.map((d) => `${d.id}: ${d.status}`).join('\n'));
    return 0;
  });

export const approve = decide('approve');
export const reject = decide('reject');

export const edit: Action = async (cli, args, opts) => {
  const body = opts.file ? readFileSync(String(opts.file), 'utf8') : (opts.body as string | undefined);
  if (body === undefined) throw new UsageError('drafts edit needs --body TEXT or --file FILE.');
  return cli.withApp(async (_app, s) => {
    const d = s.drafts.edit(cli.ctx(s), args[0]!, body, (opts.subject as string | undefined) ?? null);
    cli.print(d, () => `${d.id}: edited (your text is kept; a later refinement will not replace it)`);
    return 0;
  });
};

export const write: Action = async (cli, args) =>
  cli.withApp(async (_app, s) => {
    const d = await s.drafts.writeToEnd(cli.ctx(s), args[0]!);
    cli.print(d, () => [`${d.id}: written again by ${d.model_used}, quality ${d.message_quality_score}`, '', d.body].join('\n'));
    return 0;
  });
