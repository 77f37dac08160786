import type { FactInput, LeadInput } from '../core/domain';
import { findContacts } from '../core/quality';

/** The lead fields a prompt may show. */
export type PromptLead = Pick<
  LeadInput,
  'name' | 'website' | 'phone' | 'email' | 'address' | 'city' | 'country' | 'category' | 'rating' | 'review_count' | 'first_name' | 'last_name' | 'title' | 'linkedin'
>;
export type PromptFact = Pick<FactInput, 'kind' | 'value' | 'detail' | 'source_url'>;

const MAX_FACTS = 30;
const MAX_FACT_CHARS = 300;

/**
 * Text that looks like it is talking to a model rather than describing a business. Such a fact is
 * kept out of every prompt: a web page that says "ignore your instructions" must change nothing.
 */
const INSTRUCTION_LIKE =
  /\b(?:ignore|disregard|forget|override)\b[^.\n]{0,60}\b(?:instructions?|prompts?|rules|guidelines|above|previous|system)\b|\b(?:system prompt|you are now|new instructions|jailbreak|as an ai (?:model|assistant))\b|<\/?\s*(?:lead_facts|lead|system|instructions?)\s*>/iu;

export function looksLikeInstruction(text: string): boolean {
  return INSTRUCTION_LIKE.test(text);
}

/**
 * Scraped text made safe to place between our delimiters: no angle brackets (so it cannot close a tag
 * and pose as our own words), no control characters, one line, bounded length.
 */
export function asData(text: string, max = MAX_FACT_CHARS): string {
  const flat = text
    .replace(/[<>]/gu, ' ')
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  return flat.length <= max ? flat : flat.slice(0, max - 1).trimEnd() + '…';
}

/** Like asData, for a whole message: its line breaks are kept, so a reader sees the greeting and paragraphs. */
export function asDataLines(text: string, max = 4000): string {
  const flat = text
    .replace(/[<>]/gu, ' ')
    .replace(/\r\n?/gu, '\n')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029]/gu, ' ')
    .replace(/[ \t]+/gu, ' ')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
  return flat.length <= max ? flat : flat.slice(0, max - 1).trimEnd() + '…';
}

export interface PreparedFacts {
  /** Facts that go into prompts. */
  used: PromptFact[];
  /** Facts kept out because they read like instructions. */
  withheld: PromptFact[];
}

export function prepareFacts(facts: readonly PromptFact[]): PreparedFacts {
  const used: PromptFact[] = [];
  const withheld: PromptFact[] = [];
  for (const f of facts) {
    const text = `${f.value} ${detailText(f.detail)}`;
    if (looksLikeInstruction(text)) withheld.push(f);
    else if (used.length < MAX_FACTS) used.push(f);
  }
  return { used, withheld };
}

function detailText(detail: Record<string, unknown> | undefined): string {
  if (!detail) return '';
  return Object.entries(detail)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join('; ');
}

/** The `<lead>` block: one "field: value" line per known field. */
export function leadBlock(lead: PromptLead): string {
  const rows: Array<[string, unknown]> = [
    ['name', lead.name],
    ['contact first name', lead.first_name],
    ['contact last name', lead.last_name],
    ['contact title', lead.title],
    ['category', lead.category],
    ['city', lead.city],
    ['country', lead.country],
    ['address', lead.address],
    ['website', lead.website],
    ['rating', lead.rating],
    ['review count', lead.review_count],
  ];
  const lines = rows.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => `${k}: ${asData(String(v))}`);
  if (looksLikeInstruction(lines.join('\n'))) {
    // A business "name" that is an instruction: keep only the fields a scraper cannot be tricked into.
    return rows
      .filter(([k, v]) => (k === 'rating' || k === 'review count') && v != null)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join('\n');
  }
  return lines.join('\n');
}

/** The `<lead_facts>` block: one bullet per fact, as data. */
export function factsBlock(facts: readonly PromptFact[]): string {
  if (facts.length === 0) return '(no facts collected)';
  return facts
    .map((f) => {
      const d = detailText(f.detail);
      return `- [${f.kind}] ${asData(f.value)}${d ? ` (${asData(d, 200)})` : ''}`;
    })
    .join('\n');
}

/** Every way to reach the lead that its own data mentions: the only contacts a message may contain. */
export function knownContacts(lead: PromptLead, facts: readonly PromptFact[]): string[] {
  const out: string[] = [];
  for (const v of [lead.email, lead.phone, lead.website, lead.linkedin]) if (v) out.push(v);
  for (const f of facts) {
    out.push(f.value);
    if (f.source_url) out.push(f.source_url);
    const d = detailText(f.detail);
    if (d) out.push(d);
  }
  return out.filter((v) => findContacts(v).length > 0);
}

/**
 * Words a withheld (instruction-like) fact wanted written: SHOUTED words and any run of four words
 * from it that the lead's real data does not also contain. Finding one in a message means the model
 * followed injected text.
 */
export function injectedMarkers(withheld: readonly PromptFact[], legit: string): string[] {
  const legitLower = legit.toLowerCase();
  const out = new Set<string>();
  for (const f of withheld) {
    const text = `${f.value} ${detailText(f.detail)}`;
    for (const m of text.matchAll(/\b\p{Lu}{4,}\b/gu)) if (!legitLower.includes(m[0].toLowerCase())) out.add(m[0]);
    const words = text.split(/\s+/u).map((w) => w.replace(/[^\p{L}\p{N}'-]/gu, '')).filter(Boolean);
    for (let i = 0; i + 4 <= words.length; i++) {
      const run = words.slice(i, i + 4).join(' ');
      if (!legitLower.includes(run.toLowerCase())) out.add(run);
    }
  }
  return [...out];
}
