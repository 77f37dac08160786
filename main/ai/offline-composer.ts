import type { AgentConfig } from '../core/agent-config';
import type { Fact, Lead } from '../core/domain';
import { wordCount } from '../core/quality';

/** Everything a message may be built from: the lead, its facts, how the agent writes, who signs. */
export interface DraftContext {
  lead: Lead;
  facts: Fact[];
  agent: Pick<AgentConfig, 'tone' | 'value_proposition' | 'max_length' | 'call_to_action' | 'keywords' | 'location'>;
  sender: { name: string; company?: string | undefined };
}

export interface ComposedMessage {
  subject: string;
  body: string;
  /** The fact values the message is built on, so the review pane can highlight them. */
  facts_used: string[];
}

type Tone = DraftContext['agent']['tone'];

const GREETING: Record<Tone, (first: string | null, company: string) => string> = {
  friendly: (f, c) => (f ? `Hi ${f},` : `Hello team at ${c},`),
  casual: (f, c) => (f ? `Hey ${f},` : `Hello team at ${c},`),
  professional: (f, c) => (f ? `Hello ${f},` : `Hello team at ${c},`),
  formal: (f, c) => (f ? `Dear ${f},` : `Hello team at ${c},`),
  'sales-focused': (f, c) => (f ? `Hi ${f},` : `Hello team at ${c},`),
};

const ASK: Record<Tone, string> = {
  friendly: 'Would a short call next week be useful?',
  casual: 'Up for a quick chat next week?',
  professional: 'Would you be open to a 15-minute call next week?',
  formal: 'Would you be available for a brief call at your convenience?',
  'sales-focused': 'Could we find 15 minutes this week to see if it fits?',
};

/**
 * The offline composer: writes a real first message from the lead's own facts, with no model and no
 * network. It never invents a name or a claim: every specific in it comes from a fact, and when nothing
 * specific is known it says less rather than use a placeholder.
 */
export function composeOffline(ctx: DraftContext): ComposedMessage {
  const { lead, facts, agent } = ctx;
  const company = cleanName(lead.name);
  const first = lead.first_name ? cleanName(lead.first_name) : null;
  const used: string[] = [company];
  const variant = hashOf(lead.id);

  const observation = observe(lead, facts, company, variant, used);
  const value = agent.value_proposition.trim()
    ? sentence(agent.value_proposition.trim())
    : 'I help businesses like yours win more of the clients they want.';
  const ask = agent.call_to_action?.trim() ? sentence(agent.call_to_action.trim()) : ASK[agent.tone];
  const greeting = GREETING[agent.tone](first, company);

  // Longest first, then shorten until it fits: drop the value's extra sentences, then the observation's tail.
  // The greeting stands on its own line, as in a letter.
  const join = (g: string, rest: string[]) => `${g}\n\n${rest.join(' ')}`;
  let body = join(greeting, [observation, value, ask]);
  if (wordCount(body) > agent.max_length) body = join(greeting, [observation, firstSentence(value), ask]);
  if (wordCount(body) > agent.max_length) {
    const budget = agent.max_length - wordCount([greeting, ask].join(' '));
    body = join(greeting, [clipWords([observation, firstSentence(value)].join(' '), Math.max(0, budget)), ask]);
  }
  if (wordCount(body) > agent.max_length) body = clipWords(body, agent.max_length);

  const topic = lead.category ? lead.category.toLowerCase() : 'your business';
  const subject = ctx.sender.company ? `${company} and ${ctx.sender.company}` : `A question about ${company}'s ${topic}`;
  return { subject: clipChars(subject, 78), body, facts_used: used };
}

function observe(lead: Lead, facts: Fact[], company: string, variant: number, used: string[]): string {
  const post = newestPost(facts);
  if (post) {
    used.push(post.title);
    return variant % 2 === 0
      ? `I read "${post.title}" on ${company}'s blog and liked how practical it was.`
      : `Your recent post "${post.title}" caught my eye.`;
  }
  const rating = lead.rating ?? numeric(facts, 'rating');
  const reviews = lead.review_count ?? numeric(facts, 'review_count');
  if (rating != null && reviews != null && rating >= 4 && reviews >= 5) {
    used.push(String(rating), String(reviews));
    const where = lead.city ? ` in ${lead.city}` : '';
    const people = clientele(lead.category);
    switch (variant % 3) {
      case 0:
        return `A ${rating}-star rating from ${reviews} reviews says ${company} looks after its ${people}${where}.`;
      case 1:
        return `${reviews} reviews averaging ${rating} stars is a strong sign ${company} is doing right by its ${people}.`;
      default:
        return `I saw ${company}'s ${rating}-star rating across ${reviews} reviews${where}, which is rare.`;
    }
  }
  const tech = facts.find((f) => f.kind === 'tech');
  if (tech) {
    used.push(tech.value);
    return `I noticed ${company}'s website runs on ${tech.value}.`;
  }
  if (lead.category && lead.city) {
    used.push(lead.category, lead.city);
    return `I came across ${company} while looking at ${lead.category.toLowerCase()} businesses in ${lead.city}.`;
  }
  if (lead.city) {
    used.push(lead.city);
    return `I came across ${company} in ${lead.city}.`;
  }
  return `I came across ${company} and had a look at what you do.`;
}

/** Who a business serves, in the words its owner would use. */
function clientele(category: string | undefined): string {
  const c = (category ?? '').toLowerCase();
  if (/dent|ortho|clinic|doctor|medic|physio|therap|surgeon|vet/.test(c)) return c.includes('vet') ? 'animals and their owners' : 'patients';
  if (/restaurant|cafe|coffee|bar|bistro|bakery|hotel/.test(c)) return 'guests';
  if (/shop|store|boutique|retail/.test(c)) return 'customers';
  return 'clients';
}

function newestPost(facts: Fact[]): { title: string; date: string | null } | null {
  let best: { title: string; date: string | null } | null = null;
  for (const f of facts) {
    if (f.kind !== 'blog_post') continue;
    const date = typeof f.detail?.date === 'string' ? f.detail.date : null;
    const title = cleanName(typeof f.detail?.title === 'string' ? f.detail.title : f.value);
    if (!title || wordCount(title) > 14) continue;
    if (!best || (date && (!best.date || date > best.date))) best = { title, date };
  }
  return best;
}

function numeric(facts: Fact[], kind: string): number | null {
  const n = Number(facts.find((f) => f.kind === kind)?.value);
  return Number.isFinite(n) ? n : null;
}

/** Scraped names can carry markup or line breaks; the message is plain text on one line. */
function cleanName(s: string): string {
  return s.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
}

function sentence(s: string): string {
  return /[.!?]$/.test(s) ? s : s + '.';
}

function firstSentence(s: string): string {
  const m = /^.*?[.!?](\s|$)/u.exec(s);
  return (m ? m[0] : s).trim();
}

function clipWords(s: string, n: number): string {
  const words = s.trim().split(/\s+/u);
  if (words.length <= n) return s.trim();
  return sentence(words.slice(0, n).join(' ').replace(/[,;:—-]+$/u, ''));
}

function clipChars(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1).trimEnd() + '…';
}

function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}
