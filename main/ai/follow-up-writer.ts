import type { Fact } from '../core/domain';
import { FOLLOW_UP_MAX_WORDS } from '../core/follow-ups';
import { isAboutLead, sentencesOf } from '../core/claims';
import { splitMessage } from '../core/message-check';
import { wordCount } from '../core/quality';
import { citableFacts, type AngleKind } from './citable-facts';
import { composeOffline, type DraftContext } from './offline-composer';

/** The message a follow-up refers back to, and what the sequence has used so far. */
export interface FollowUpSource {
  subject: string;
  body: string;
  /** The angles and facts of the first message and of the earlier follow-ups: each follow-up brings a new one. */
  usedAngles: readonly string[];
  usedFactIds: readonly string[];
  step: number;
}

export interface WrittenFollowUp {
  subject: string;
  body: string;
  angle: AngleKind | 'none';
  fact_ids_used: string[];
  words: number;
}

// The first message is named by the thread ("Re: its subject"), not by repeating its subject in the text,
// where it would read as a second claim about the lead.
const REFERENCE = {
  en: (step: number) => (step === 1 ? 'A quick follow-up on my note from last week.' : 'One more thought after my last note.'),
  de: (step: number) => (step === 1 ? 'Ich komme kurz auf meine Nachricht von letzter Woche zurück.' : 'Noch ein Gedanke zu meiner letzten Nachricht.'),
};

/**
 * A follow-up (issue 16): at most 50 words, it refers to the first message by its subject and brings an
 * angle the sequence has not used, from a fact of the lead, said the way the offline composer says any
 * observation. With no unused fact left it says the offer once more in one sentence, and says nothing new
 * rather than invent. It keeps the first message's greeting, ask and sign-off.
 */
export function writeFollowUp(ctx: DraftContext, src: FollowUpSource): WrittenFollowUp {
  const used = new Set(src.usedFactIds);
  const usedAngles = new Set(src.usedAngles);
  const ranked = citableFacts(ctx.lead, ctx.facts, ctx.agent, { now: ctx.now }).facts;
  // A fact the first message already named (the new hire, seen again as a team member) is not a new angle.
  const said = src.body.toLowerCase();
  const repeats = (id: string) => {
    const value = ctx.facts.find((f) => f.id === id)?.value.trim().toLowerCase() ?? '';
    return value.length >= 4 && said.includes(value);
  };
  const fresh = new Set(ranked.filter((c) => !used.has(c.id) && !usedAngles.has(c.angle) && !repeats(c.id)).map((c) => c.id));
  const facts: Fact[] = ctx.facts.filter((f) => fresh.has(f.id));
  // The composer writes from the fresh facts only, so its observation is the new angle.
  const m = composeOffline({ ...ctx, facts, lead: onlyFresh(ctx.lead, fresh) });
  const sender = ctx.sender.name.trim() ? ctx.sender : null;
  const first = splitMessage(src.body, sender);
  const next = splitMessage(m.body, sender);
  const sentences = sentencesOf(next.content);
  const ask = lastQuestion(sentencesOf(first.content)) ?? lastQuestion(sentences) ?? '';
  const topic = src.subject.replace(/^(?:re|aw|sv):\s*/iu, '').trim();
  const reference = REFERENCE[m.language](src.step);
  const isNew = m.angle !== 'none';
  const statements = sentences.filter((s) => s !== ask && !s.trim().endsWith('?'));
  // A new angle: the sentence about the lead (the composer may open with its bridge). None: the offer, once more.
  const observation = isNew
    ? (statements.find((s) => isAboutLead(s, ctx.lead, [])) ?? '')
    : (statements.find((s) => !isAboutLead(s, ctx.lead, []) && /\b(?:help|helfe|we|wir)\b/iu.test(s)) ?? '');
  // No bridge: a follow-up is a nudge, and a bridge written for another opening can read as a claim.
  // After the reference sentence, the observation starts a sentence of its own (a German letter's first line
  // after the greeting starts in lower case: "auf Ihrer Teamseite …").
  const assemble = (parts: Array<string | null>) =>
    [first.greeting || next.greeting, [reference, ...parts.map((p) => (p ? capitalised(p) : p)), ask].filter(Boolean).join(' '), first.signoff || next.signoff].filter(Boolean).join('\n\n');
  let body = assemble([observation]);
  if (wordCount(body) > FOLLOW_UP_MAX_WORDS) body = assemble([]);
  return {
    subject: `Re: ${topic}`.slice(0, 78),
    body,
    angle: isNew ? m.angle : 'none',
    fact_ids_used: isNew ? m.fact_ids_used : [],
    words: wordCount(body),
  };
}

/** The lead's own rating and street are facts too (ids lead.rating, lead.address): used once, they do not come back. */
function onlyFresh<T extends DraftContext['lead']>(lead: T, fresh: ReadonlySet<string>): T {
  return {
    ...lead,
    ...(fresh.has('lead.rating') ? {} : { rating: undefined, review_count: undefined }),
    ...(fresh.has('lead.address') ? {} : { address: undefined }),
  };
}

function capitalised(sentence: string): string {
  return sentence.charAt(0).toLocaleUpperCase() + sentence.slice(1);
}

function lastQuestion(sentences: readonly string[]): string | null {
  for (let i = sentences.length - 1; i >= 0; i--) if (sentences[i]!.trim().endsWith('?')) return sentences[i]!;
  return null;
}
