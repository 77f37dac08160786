/**
 * The draft evaluation (npm run eval:drafts [-- --json] [--simulated] [--live]): runs the writers over a
 * fixed set of fictional leads and prints what MESSAGES.md asks to be measured. Offline (the composer) by
 * default; --simulated runs the model path against the provider simulator started in-process; --live
 * runs it against the real providers when GROQ_API_KEY / ANTHROPIC_API_KEY are set.
 */
import { composeOffline } from '../../main/ai/offline-composer';
import { Variety } from '../../main/ai/variety';
import { writeDraftToEnd } from '../../main/ai/two-stage';
import { createAi } from '../../main/ai/layer';
import { aiSettings } from '../../main/ai/settings';
import { checkMessage, openingShape } from '../../main/core/message-check';
import { defaultAnswer, simulatedWriter, startProviderSim } from '../support/provider-sim';
import { MemorySink } from '../support/provider-sim/memory-sink';
import { loadFixtures, type EvalAgent, type EvalLead, type Labelled } from './fixtures';

const args = new Set(process.argv.slice(2));
const asJson = args.has('--json');
const fx = loadFixtures();

interface Written {
  lead: EvalLead;
  subject: string;
  body: string;
  angle: string | null;
  model: string;
  /** The model path only: sentences the check took out, versions rejected for untrue claims, the refiner's verdict. */
  repaired?: number;
  rejected?: number;
  kept?: boolean;
}

type Writer = (l: EvalLead, agent: EvalAgent) => Promise<Written>;

function draftContext(l: EvalLead, a: EvalAgent) {
  return {
    lead: l.lead,
    facts: l.facts,
    agent: { tone: a.tone, value_proposition: a.value_proposition, max_length: a.max_length, call_to_action: a.call_to_action, keywords: a.keywords, location: a.location },
    sender: a.sender,
  };
}

/** One Variety per agent: each agent's leads are one run, and a run's drafts should differ from each other. */
const batches = new Map<string, Variety>();
const now = new Date(fx.now);

const offlineWriter: Writer = async (l, a) => {
  const variety = batches.get(l.agent) ?? new Variety();
  batches.set(l.agent, variety);
  const m = composeOffline({ ...draftContext(l, a), variety, now });
  return { lead: l, subject: m.subject, body: m.body, angle: m.angle, model: 'offline' };
};

function modelWriter(ai: ReturnType<typeof createAi>): Writer {
  return async (l, a) => {
    const variety = batches.get(`model:${l.agent}`) ?? new Variety();
    batches.set(`model:${l.agent}`, variety);
    const others = variety.recent().map((body) => ({ body }));
    const { result } = await writeDraftToEnd({ ...draftContext(l, a), variety, now, others }, ai, { sink: new MemorySink(), chargeKey: `eval:${l.id}` });
    if (!result) throw new Error(`no draft for ${l.id}`);
    variety.remember(result.final_text);
    const model = result.chosen === 'refined' ? `${result.model_used} → ${result.refine_model}` : result.refine_decision === 'keep' ? `${result.model_used} (kept by ${result.refine_model})` : result.model_used;
    return { lead: l, subject: result.subject, body: result.final_text, angle: result.angle || null, model, repaired: result.claims_removed.length, rejected: result.rejected.length, kept: result.refine_decision === 'keep' };
  };
}

/** The quality score under evaluation, for a labelled message: the message check's. */
function quality(m: Labelled, l: EvalLead, a: EvalAgent): number {
  return checkMessage({ lead: l.lead, facts: l.facts, agent: a, sender: m.sender === null ? null : a.sender, body: m.body, subject: m.subject, others: m.others }).score;
}

interface BatchReport {
  mode: string;
  drafts: number;
  claims: number;
  unsupported_or_contradicted: number;
  unsupported_or_contradicted_rate: number;
  supported_specific_per_100_words: number;
  rule_pass_rate: number;
  distinct_angles: number;
  distinct_opening_shapes: number;
  distinct_opening_shapes_worst_batch: number;
  words_per_draft: number;
  words_max: number;
  findings: Record<string, number>;
  models: Record<string, number>;
  /** Model path: drafts with a sentence taken out by the check, model versions rejected for untrue claims, drafts the refiner kept. */
  repaired: number;
  rejected: number;
  kept: number;
}

async function evaluate(mode: string, write: Writer): Promise<{ report: BatchReport; drafts: Array<Written & { score: number; issues: string[] }> }> {
  const drafts: Array<Written & { score: number; issues: string[] }> = [];
  let claims = 0, bad = 0, words = 0, spec = 0, pass = 0, wordsMax = 0;
  const findings: Record<string, number> = {};
  const models: Record<string, number> = {};
  const shapes = new Map<string, Set<string>>();
  const angles = new Set<string>();
  const batches = new Map<string, string[]>();
  for (const l of fx.leads) {
    const a = fx.agents[l.agent]!;
    const w = await write(l, a);
    const others = (batches.get(l.agent) ?? []).map((body, i) => ({ lead_name: fx.leads.filter((x) => x.agent === l.agent)[i]!.lead.name, body }));
    const r = checkMessage({ lead: l.lead, facts: l.facts, agent: a, sender: a.sender, body: w.body, subject: w.subject, others });
    batches.set(l.agent, [...(batches.get(l.agent) ?? []), w.body]);
    claims += r.claims.length;
    bad += r.claims.filter((c) => c.supported !== 'supported').length;
    words += r.words;
    wordsMax = Math.max(wordsMax, r.words);
    spec += r.supported_specific;
    // A lead with no facts at all gets an honest note marked for the rep; that mark is not a broken rule.
    const broken = r.issues.filter((i) => !(i.code === 'NO_OBSERVATION' && l.facts.length === 0));
    if (broken.length === 0) pass++;
    for (const i of r.issues) findings[i.code] = (findings[i.code] ?? 0) + 1;
    models[w.model] = (models[w.model] ?? 0) + 1;
    const s = shapes.get(l.agent) ?? new Set<string>();
    s.add(openingShape(w.body, l.lead, l.facts));
    shapes.set(l.agent, s);
    if (w.angle) angles.add(`${l.agent}:${w.angle}`);
    drafts.push({ ...w, score: r.score, issues: r.issues.map((i) => `${i.code}: ${i.message}`) });
  }
  const n = fx.leads.length;
  const perBatch = [...shapes.entries()].map(([k, s]) => s.size / fx.leads.filter((l) => l.agent === k).length);
  const anglesPerBatch = angles.size / shapes.size;
  return {
    report: {
      mode, drafts: n, claims, unsupported_or_contradicted: bad, unsupported_or_contradicted_rate: round(bad / Math.max(1, claims), 3),
      supported_specific_per_100_words: round((spec / Math.max(1, words)) * 100, 2), rule_pass_rate: round(pass / n, 3),
      distinct_angles: round(anglesPerBatch, 1),
      distinct_opening_shapes: round([...shapes.values()].reduce((x, s) => x + s.size, 0) / n, 3),
      distinct_opening_shapes_worst_batch: round(Math.min(...perBatch), 3),
      words_per_draft: round(words / n, 1), words_max: wordsMax, findings, models,
      repaired: drafts.filter((d) => (d.repaired ?? 0) > 0).length, rejected: drafts.reduce((x, d) => x + (d.rejected ?? 0), 0), kept: drafts.filter((d) => d.kept).length,
    },
    drafts,
  };
}

function pairOrdering(): { pairs: number; ordered_right: number; rate: number; flagged: Record<string, string> } {
  const byLead = new Map<string, Labelled[]>();
  for (const m of fx.labelled) byLead.set(m.lead, [...(byLead.get(m.lead) ?? []), m]);
  let pairs = 0, right = 0;
  const flagged: Record<string, string> = {};
  for (const [id, ms] of byLead) {
    const l = fx.leads.find((x) => x.id === id)!;
    const score = (m: Labelled) => quality(m, l, fx.agents[m.agent ?? l.agent]!);
    for (const g of ms.filter((m) => m.label === 'good')) {
      for (const b of ms.filter((m) => m.label === 'bad')) {
        pairs++;
        if (score(g) > score(b)) right++;
        else flagged[`${id}: ${b.kind} (${b.note})`] = `good ${score(g)} vs bad ${score(b)}`;
      }
    }
  }
  return { pairs, ordered_right: right, rate: round(right / Math.max(1, pairs), 3), flagged };
}

function round(x: number, d: number): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

function table(reports: BatchReport[]): string {
  const rows: Array<[string, (r: BatchReport) => string]> = [
    ['drafts', (r) => String(r.drafts)],
    ['claims found', (r) => String(r.claims)],
    ['unsupported or contradicted (rate)', (r) => `${r.unsupported_or_contradicted} (${r.unsupported_or_contradicted_rate})`],
    ['supported specific claims / 100 words', (r) => String(r.supported_specific_per_100_words)],
    ['drafts passing every rule', (r) => `${Math.round(r.rule_pass_rate * 1000) / 10} %`],
    ['distinct angles per batch', (r) => String(r.distinct_angles || 'n/a')],
    ['distinct opening shapes (all / worst batch)', (r) => `${Math.round(r.distinct_opening_shapes * 100)} % / ${Math.round(r.distinct_opening_shapes_worst_batch * 100)} %`],
    ['words per draft (mean / max)', (r) => `${r.words_per_draft} / ${r.words_max}`],
    ['model drafts repaired / rejected / kept by the refiner', (r) => `${r.repaired} / ${r.rejected} / ${r.kept}`],
  ];
  const w0 = Math.max(...rows.map(([k]) => k.length));
  const cols = reports.map((r) => Math.max(r.mode.length, ...rows.map(([, f]) => f(r).length)));
  const line = (k: string, vals: string[]) => `${k.padEnd(w0)}  ${vals.map((v, i) => v.padEnd(cols[i]!)).join('  ')}`;
  return [line('', reports.map((r) => r.mode)), ...rows.map(([k, f]) => line(k, reports.map(f)))].join('\n');
}

async function main(): Promise<void> {
  const reports: BatchReport[] = [];
  const all: Record<string, unknown> = {};
  const skipped: string[] = [];
  if (!args.has('--simulated') || args.has('--offline')) {
    const r = await evaluate('offline', offlineWriter);
    reports.push(r.report);
    all.offline = r.drafts;
  }
  if (args.has('--simulated')) {
    // The simulator's model keeps a clean draft when asked to refine it, as a careful model should.
    const sim = await startProviderSim({ answer: (req) => (req.schema ? simulatedWriter(req, { keepClean: true }) : defaultAnswer(req)) });
    try {
      const ai = createAi(aiSettings({
        groq: { apiKey: 'gsk_eval-simulated-key-000000000000', baseURL: sim.url, timeoutMs: 5000, idleTimeoutMs: 2000 },
        anthropic: { apiKey: 'sk-ant-eval-simulated-key-0000000000', baseURL: sim.url, timeoutMs: 5000, idleTimeoutMs: 2000 },
        retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
      }));
      const r = await evaluate('simulated', modelWriter(ai));
      reports.push(r.report);
      all.simulated = r.drafts;
    } finally {
      await sim.stop();
    }
  }
  if (args.has('--live') || (!args.has('--simulated') && !args.has('--offline'))) {
    const groq = process.env.GROQ_API_KEY;
    const anthropic = process.env.ANTHROPIC_API_KEY;
    if (!groq && !anthropic) {
      skipped.push('live: skipped, neither GROQ_API_KEY nor ANTHROPIC_API_KEY is set');
    } else {
      const ai = createAi(aiSettings({
        groq: groq ? { apiKey: groq, baseURL: undefined, timeoutMs: 30_000, idleTimeoutMs: 15_000 } : null,
        anthropic: anthropic ? { apiKey: anthropic, baseURL: undefined, timeoutMs: 60_000, idleTimeoutMs: 20_000 } : null,
      }));
      const r = await evaluate('live', modelWriter(ai));
      reports.push(r.report);
      all.live = r.drafts;
    }
  }
  const pairs = pairOrdering();
  if (asJson) {
    process.stdout.write(JSON.stringify({ reports, labelled_pairs: pairs, skipped, drafts: all }, null, 2) + '\n');
    return;
  }
  process.stdout.write(`${table(reports)}\n\nlabelled pairs ordered right by the quality score: ${pairs.ordered_right} of ${pairs.pairs} (${Math.round(pairs.rate * 1000) / 10} %)\n`);
  for (const [k, v] of Object.entries(pairs.flagged)) process.stdout.write(`  misordered: ${k}: ${v}\n`);
  for (const r of reports) {
    process.stdout.write(`\nfindings (${r.mode}): ${Object.entries(r.findings).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}\n`);
    process.stdout.write(`writers (${r.mode}): ${Object.entries(r.models).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
  }
  for (const s of skipped) process.stdout.write(`\n${s}\n`);
}

await main();
