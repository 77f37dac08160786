import type { QualityTier } from '../../core/domain';
import type { LeadOrder } from '../../store/leads';
import type { Action } from '../program';
import { int } from '../io';

export const list: Action = async (cli, _args, opts) =>
  cli.withApp(['leads'], async (_app, s) => {
    const page = s.leads.list(cli.ctx(s), {
      search: opts.search as string | undefined, tier: opts.tier as QualityTier | undefined, execution_id: opts.execution as string | undefined,
      order: opts.order as LeadOrder | undefined, limit: int(opts.limit as string | undefined, '--limit', 1, 5000) ?? 200, offset: int(opts.offset as string | undefined, '--offset', 0, 1e9) ?? 0,
    });
    cli.print(page, () =>
      page.rows.length === 0
        ? 'No leads match.'
        : [
            ...page.rows.map((l) => `${l.id}  ${String(l.quality_tier ?? '-').padEnd(7)} ${l.lead_score === null ? ' -  ' : l.lead_score.toFixed(2)}  ${l.name.slice(0, 36).padEnd(36)} ${(l.city ?? '').slice(0, 16).padEnd(16)} ${l.email ?? l.website ?? ''}`),
            page.total > page.rows.length ? `${page.rows.length} of ${page.total} shown (--limit, --offset for more).` : '',
          ].filter(Boolean).join('\n'),
    );
    return 0;
  });

export const show: Action = async (cli, args) =>
  cli.withApp(['leads'], async (_app, s) => {
    const d = s.leads.show(cli.ctx(s), args[0]!);
    const l = d.lead;
    cli.print(d, () =>
      [
        `${l.id}  ${l.name}${l.city ? `, ${l.city}` : ''}  (${l.sources.join(', ')})`,
        `Score ${l.lead_score ?? '-'} (${l.quality_tier ?? 'not scored'}) by ${l.scored_by ?? '-'}${d.score?.fallback_code ? ` — the model could not score it (${d.score.fallback_code})` : ''}`,
        l.score_breakdown ? `  maturity ${l.score_breakdown.business_maturity}, intent ${l.score_breakdown.intent_signals}, fit ${l.score_breakdown.fit_match}` : '',
        ...(d.score?.reasons ?? []).map((r) => `  · ${r}`),
        'Facts:',
        ...d.facts.map((f) => `  ${f.kind.padEnd(17)} ${f.value}  [${f.method}${f.source_url ? `, ${f.source_url}` : ''}]`),
        ...(d.merges?.length ? ['Merged into it:', ...d.merges.map((m) => `  ${m.id}  ${m.source} ${m.source_ref} by ${m.matched_by}${m.split_into ? ` (split off into ${m.split_into})` : ''}`)] : []),
        ...(d.related?.length ? ['May be related:', ...d.related.map((r) => `  ${r.lead_id}  ${r.name} (shares ${r.matched_by}; ${r.status})`)] : []),
        ...(d.drafts?.length ? ['Drafts:', ...d.drafts.map((x) => `  ${x.id}  ${x.status} to ${x.recipient ?? '(no address)'}`)] : []),
      ].filter(Boolean).join('\n'),
    );
    return 0;
  });

export const split: Action = async (cli, args) =>
  cli.withApp(['leads'], async (_app, s) => {
    const r = await s.leads.split(cli.ctx(s), args[0]!, args[1]!);
    cli.print(r, () => `Split off into lead ${r.split_into}; the two will not be joined again.`);
    return 0;
  });

export const same: Action = async (cli, args) =>
  cli.withApp(['leads'], async (_app, s) => {
    const r = await s.leads.decide(cli.ctx(s), args[0]!, args[1]!, true);
    cli.print(r, () => `${args[1]} joined ${args[0]} (merge ${r.merge_id}; hunter leads split ${args[0]} ${r.merge_id} takes it back).`);
    return 0;
  });

export const different: Action = async (cli, args) =>
  cli.withApp(['leads'], async (_app, s) => {
    const r = await s.leads.decide(cli.ctx(s), args[0]!, args[1]!, false);
    cli.print(r, () => `${args[0]} and ${args[1]} are two businesses; no run will join them.`);
    return 0;
  });
