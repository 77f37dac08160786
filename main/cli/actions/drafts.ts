import { readFileSync } from 'node:fs';
import type { DraftStatus } from '../../core/domain';
import { HunterError } from '../../core/errors';
import type { Action } from '../program';
import { int, UsageError } from '../io';
import { CHAT_CHANNELS, REJECTION_REASONS, type ChatChannel } from '../../core/vocabulary';
import type { RejectionReason } from '../../store/follow-ups';

/** `drafts list --status scheduled`: the follow-ups waiting for their day. */
const listScheduled: Action = async (cli, _args, opts) =>
  cli.withApp(['outreach'], async (_app, s) => {
    const ups = s.outreach.scheduled(cli.ctx(s), { limit: int(opts.limit as string | undefined, '--limit', 1, 5000) ?? 200, offset: int(opts.offset as string | undefined, '--offset', 0, 1e9) ?? 0 });
    cli.print(ups, () => (ups.rows.length === 0
      ? 'No follow-ups are waiting. They are planned when a message is exported (hunter export).'
      : ups.rows.map((d) => `${d.id}  due ${d.due_at?.slice(0, 10) ?? '?'}  follow-up ${d.step} of ${d.follow_up_of}  ${d.company.slice(0, 32).padEnd(32)} ${d.recipient ?? '(no address)'}`).join('\n')));
    return 0;
  });

export const list: Action = async (cli, args, opts) =>
  opts.status === 'scheduled' ? listScheduled(cli, args, opts) : cli.withApp(['drafts'], async (_app, s) => {
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

export const show: Action = async (cli, args, opts) =>
  cli.withApp(['drafts', 'outreach'], async (_app, s) => {
    if (opts.channel !== undefined) {
      const channel = String(opts.channel);
      if (!(CHAT_CHANNELS as readonly string[]).includes(channel)) throw new UsageError(`--channel is one of ${CHAT_CHANNELS.join(', ')}.`);
      const [v] = s.outreach.channels(cli.ctx(s), args[0]!, channel as ChatChannel);
      cli.print(v, () => [
        `${v!.channel}: ${v!.length} of ${v!.limit}${v!.encoding ? ` (${v!.encoding === 'gsm7' ? 'GSM-7' : 'Unicode'})` : ''}${v!.fits ? '' : ' — does not fit'}`,
        '', v!.text, '',
        ...(v!.problem ? [`! ${v!.problem}`] : []),
        ...v!.issues.map((i) => `! ${i.code}: ${i.message}`),
        ...v!.links.map((l) => `${l.kind}: ${l.url}`),
      ].join('\n'));
      return v!.fits && v!.issues.length === 0 ? 0 : 1;
    }
    const d = await s.drafts.show(cli.ctx(s), args[0]!);
    cli.print(d, () =>
      [
        `${d.id}  ${d.status}  to ${d.recipient ?? '(no address)'}${d.recipient_status ? ` [${d.recipient_status}]` : ''}`,
        `${d.company}: score ${d.lead.lead_score} (${d.lead.quality_tier}) ${JSON.stringify(d.lead.score_breakdown)}`,
        `Subject: ${d.subject}`,
        '',
        d.body,
        '',
        `Written by ${d.model_used}; quality ${d.message_quality_score}; versions: ${d.versions.map((v) => v.kind).join(', ')}`,
        ...findingLines(d.versions.find((v) => v.kind === d.current_version)?.metrics ?? d.versions[0]?.metrics ?? null),
        `Facts: ${d.facts.map((f) => `${f.kind}=${f.value} (${f.method})`).join('; ')}`,
      ].join('\n'),
    );
    return 0;
  });

/** The message check's findings on the version shown, as lines: what the rep should look at before approving. */
function findingLines(metrics: Record<string, unknown> | null): string[] {
  const check = metrics?.message_check as { issues?: Array<{ code: string; message: string }>; claims?: Array<{ text: string; supported: string; why?: string }> } | undefined;
  if (!check) return [];
  const lines = (check.issues ?? []).map((i) => `  ! ${i.code}: ${i.message}`);
  for (const c of check.claims ?? []) if (c.supported !== 'supported') lines.push(`  ! ${c.supported} claim: "${c.text}"${c.why ? ` (${c.why})` : ''}`);
  return lines.length ? ['Message check:', ...lines] : ['Message check: nothing to fix.'];
}

/** The message check on any text, against a lead described in LEAD.json; no database is opened. */
export const checkMessage: Action = async (cli, _args, opts) => {
  if (!opts.lead || !opts.message) throw new UsageError('check-message needs --lead LEAD.json and --message FILE.');
  const [{ parseLeadFileText }, { checkMessage: check }] = await Promise.all([import('../../core/lead-file'), import('../../core/message-check')]);
  const read = (file: string, what: string): string => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`Cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
    }
    if (text.length > MAX_MESSAGE_CHARS) throw new HunterError('INVALID_INPUT', `${file} is ${text.length.toLocaleString('en')} characters; a message to check is at most ${MAX_MESSAGE_CHARS.toLocaleString('en')}.`);
    return text;
  };
  const file = parseLeadFileText(read(String(opts.lead), 'the lead file'));
  // A first line "Subject: …" is the subject, as a mail client shows it; --subject wins.
  const raw = read(String(opts.message), 'the message').replace(/\r\n/g, '\n');
  const head = /^subject:[ \t]*(.*)\n+/i.exec(raw);
  const body = head ? raw.slice(head[0].length) : raw;
  const subject = (opts.subject as string | undefined) ?? head?.[1] ?? null;
  const r = check({ lead: file.lead, facts: file.facts, agent: file.agent, sender: file.sender, body, subject });
  const facts = new Map(file.facts.map((f) => [f.id, f]));
  const out = {
    score: r.score,
    issues: r.issues.map((i) => ({ code: i.code, message: i.message })),
    claims: r.claims.map((c) => {
      const fact = c.fact_id ? facts.get(c.fact_id) : undefined;
      return { text: c.text, supported: c.supported, ...(fact ? { fact: { id: fact.id, kind: fact.kind, value: fact.value, source_url: fact.source_url } } : {}), ...(c.why ? { why: c.why } : {}) };
    }),
    words: r.words,
    language: r.language,
  };
  cli.print(out, () =>
    [
      `Score ${r.score.toFixed(2)} (${r.words} words, ${r.language})${r.issues.length ? '' : ': nothing to fix'}`,
      ...r.issues.map((i) => `  ${i.code}: ${i.message}`),
      ...out.claims.map((c) => `  ${c.supported === 'supported' ? 'ok ' : '!! '} "${c.text}"${c.fact ? ` — ${c.fact.kind}: ${c.fact.value}` : c.why ? ` — ${c.why}` : ''}`),
    ].join('\n'),
  );
  // A message with a blocking finding is not ready: scripts can tell by the exit code.
  return r.score < 0.5 ? 1 : 0;
};

/** Longer than any message worth sending, short enough to check at once. */
const MAX_MESSAGE_CHARS = 200_000;

const decide = (what: 'approve' | 'reject'): Action => async (cli, args) =>
  cli.withApp(['drafts'], async (_app, s) => {
    const ctx = cli.ctx(s);
    const done = args.map((id) => s.drafts[what](ctx, id));
    cli.print(done, () => done.map((d) => `${d.id}: ${d.status}`).join('\n'));
    return 0;
  });

export const approve = decide('approve');

export const reject: Action = async (cli, args, opts) =>
  cli.withApp(['outreach'], async (_app, s) => {
    const reason = opts.reason as string | undefined;
    if (reason !== undefined && !(REJECTION_REASONS as readonly string[]).includes(reason)) throw new UsageError(`--reason is one of ${REJECTION_REASONS.join(', ')}.`);
    const ctx = cli.ctx(s);
    const done = args.map((id) => s.outreach.reject(ctx, id, reason as RejectionReason | undefined));
    cli.print(done, () => done.map((d) => `${d.id}: ${d.status}${reason ? ` (${reason})` : ''}`).join('\n'));
    return 0;
  });

/** Replies and bounces from the rep's inbox (read-only); nothing is sent. */
export const checkReplies: Action = async (cli) =>
  cli.withApp(['outreach'], async (_app, s) => {
    const r = await s.outreach.checkReplies(cli.ctx(s));
    cli.print(r, () => [
      `${r.mailbox}: ${r.scanned} new message(s) read; ${r.replies} repl${r.replies === 1 ? 'y' : 'ies'} (${r.positive} positive, ${r.not_now} not now, ${r.stop} stop), ${r.bounces} bounce(s), ${r.auto_replies} auto-repl${r.auto_replies === 1 ? 'y' : 'ies'} left alone.`,
      `${r.cancelled} follow-up(s) cancelled; ${r.listed} address(es) put on the do-not-contact list.${r.more ? ' More mail waits: run it again.' : ''}`,
      `Leads: ${Object.entries(r.outcomes).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    ].join('\n'));
    return 0;
  });

export const stats: Action = async (cli, _args, opts) =>
  cli.withApp(['outreach'], async (_app, s) => {
    const st = s.outreach.stats(cli.ctx(s), { days: int(opts.days as string | undefined, '--days', 1, 3650) ?? 30 });
    const pct = (x: number | null) => (x === null ? 'too few to say' : `${Math.round(x * 100)} %`);
    const ms = (x: { p50: number | null; p95: number | null }) => (x.p50 === null ? '—' : `p50 ${x.p50} ms, p95 ${x.p95} ms`);
    cli.print(st, () => [
      `Drafts per day since ${st.since.slice(0, 10)}: ${st.drafts_per_day.map((d) => `${d.day} ${d.drafts}`).join(', ') || 'none'}`,
      ...st.providers.map((p) => `${p.provider}: ${p.drafts} drafts; first token ${ms(p.ttft_ms)}; refined ${ms(p.refined_ms)}; fallbacks ${p.fallbacks} (${pct(p.fallback_rate)}), errors ${p.errors} (${pct(p.error_rate)})`),
      `Approved: ${st.approved}, ${st.approved_unedited} as written (${pct(st.approved_unedited_share)}); mean edit ${st.mean_edit_words ?? '—'} words`,
      ...(['angle', 'tone', 'variant'] as const).map((k) => `Replies per ${k}: ${st[`replies_per_${k}`].map((r) => `${r.key} ${r.replied}/${r.sent}${r.rate === null ? '' : ` (${pct(r.rate)})`}`).join(', ') || 'nothing sent yet'}`),
    ].join('\n'));
    return 0;
  });

export const edit: Action = async (cli, args, opts) => {
  const body = opts.file ? readFileSync(String(opts.file), 'utf8') : (opts.body as string | undefined);
  if (body === undefined) throw new UsageError('drafts edit needs --body TEXT or --file FILE.');
  return cli.withApp(['drafts'], async (_app, s) => {
    const d = await s.drafts.edit(cli.ctx(s), args[0]!, body, (opts.subject as string | undefined) ?? null);
    cli.print(d, () => `${d.id}: edited (your text is kept; a later refinement will not replace it)`);
    return 0;
  });
};

export const write: Action = async (cli, args) =>
  cli.withApp(['drafts'], async (_app, s) => {
    const d = await s.drafts.writeToEnd(cli.ctx(s), args[0]!);
    cli.print(d, () => [`${d.id}: written again by ${d.model_used}, quality ${d.message_quality_score}`, '', d.body].join('\n'));
    return 0;
  });
