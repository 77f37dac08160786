import { simulatedWriter } from './writer';

/** What the simulator knows about a request when it decides the answer. */
export interface SimRequest {
  provider: 'groq' | 'anthropic';
  model: string;
  stream: boolean;
  /** Groq's response_format json_object or json_schema, a forced Claude tool, or a system prompt that asks for JSON. */
  json: boolean;
  /** The structured shape asked for (a json_schema's or a forced tool's name, or the one a writer's prompt names), or null. */
  schema: string | null;
  system: string;
  /** Every user and assistant message, joined. */
  prompt: string;
  /** How many requests the simulator has served before this one (all providers). */
  index: number;
}

/**
 * Splits an answer the way the simulator streams it: one "token" per word with its trailing space.
 * Real tokenizers cut finer, but the count is what the simulator reports, so the ledger can be
 * checked against it exactly.
 */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+\s*/gu) ?? (text ? [text] : []);
}

/** A rough prompt-token count (about four characters a token, as for English text). */
export function promptTokens(system: string, prompt: string): number {
  return Math.max(1, Math.ceil((system.length + prompt.length) / 4));
}

const STOP = new Set(
  'the and for with that this from your you are was were have has had not but all any can will our out who what when where which into about their there them they then than been more most some such only also just very each other data lead facts fact instructions message write draft words never under content'.split(
    ' ',
  ),
);

/**
 * The default answer: a plausible short message built from words of the prompt (so a test can see its
 * facts come back), or JSON when JSON was asked for.
 */
export function defaultAnswer(req: SimRequest): string {
  if (req.schema === 'first_message' || req.schema === 'refined_message') return simulatedWriter(req);
  if (req.json) return defaultJson(req);
  // When the prompt marks out the business's data, the message is about that data.
  const data = /<lead>[\s\S]*<\/lead_facts>/u.exec(req.prompt)?.[0] ?? req.prompt;
  const words = distinctWords(data).slice(0, 10);
  const topic = words.slice(0, 2).join(' ') || 'your business';
  const detail = words.slice(2, 5).join(', ') || 'what you do';
  if (req.provider === 'anthropic') {
    return (
      `Subject: An idea for ${topic}\n\n` +
      `Hello, I have been reading about ${topic}, and ${detail} stood out. ` +
      `We help businesses like yours turn that kind of attention into booked clients, with no extra work for your team. ` +
      `Would a 15-minute call next week be useful?`
    );
  }
  return (
    `Subject: A quick idea for ${topic}\n\n` +
    `Hi there, I came across ${topic} and noticed ${detail}. ` +
    `We help teams like yours turn that into more booked clients without extra work. ` +
    `Would a short call next week be useful?`
  );
}

function defaultJson(req: SimRequest): string {
  const p = `${req.system}\n${req.prompt}`;
  if (/business_maturity/.test(p)) {
    return JSON.stringify({
      business_maturity: 0.72,
      intent_signals: 0.55,
      fit_match: 0.81,
      reasons: ['has a website and reviews', 'recent blog activity', 'matches the agent keywords'],
    });
  }
  if (/"route"|premium/.test(p)) {
    return JSON.stringify({ route: 'basic', reason: 'a promising lead worth a free crawl' });
  }
  return '{}';
}

function distinctWords(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  // Markup and "field:" labels are the prompt's frame, not its content.
  const content = text
    .replace(/<\/?[a-z_]+>/giu, ' ')
    .replace(/^\s*(?:-\s*)?(?:\[[a-z_]+\]\s*)?(?:[a-z ]{2,30}:\s)?/gimu, ' ');
  for (const m of content.matchAll(/\p{L}[\p{L}'-]{3,}/gu)) {
    const w = m[0];
    const k = w.toLowerCase();
    if (STOP.has(k) || seen.has(k)) continue;
    seen.add(k);
    out.push(w);
  }
  return out;
}
