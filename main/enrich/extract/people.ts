import type { FactInput, FactMethod } from '../../core/domain';
import { clean, listOf, textOf, typesOf } from '../html-page';
import { fact, type ExtractContext } from './context';

const HONORIFICS = /^(?:(?:dr|prof|med|dent|univ|mag|dipl|ing|phil|rer|nat|jur|mr|mrs|ms|mx|herr|frau|mme|mlle|m|sr|sra|dott|dottssa|ra|rae)\.?(?:-(?:ing|kfm|psych|med)\.?)?\s+)+/i;
const PARTICLES = new Set(['von', 'van', 'de', 'der', 'den', 'da', 'di', 'del', 'della', 'du', 'le', 'la', 'zu', 'dos', 'das', 'ten', 'ter', 'bin', 'al']);
/** Words that start capitalised in headings but are no one's name. */
const NOT_NAMES = new Set([
  'contact', 'about', 'team', 'home', 'our', 'services', 'service', 'kontakt', 'impressum', 'imprint', 'welcome', 'privacy', 'policy', 'terms', 'read',
  'more', 'news', 'blog', 'login', 'menu', 'search', 'the', 'and', 'für', 'und', 'mit', 'über', 'uns', 'unser', 'unsere', 'praxis', 'kanzlei', 'office',
  'opening', 'hours', 'call', 'email', 'phone', 'book', 'appointment', 'termin', 'get', 'in', 'touch', 'learn', 'why', 'what', 'how', 'who', 'we', 'are',
  'ignore', 'previous', 'instructions', 'system', 'prompt', 'assistant', 'all', 'new', 'free', 'online', 'shop', 'cart', 'gmbh', 'ltd', 'inc', 'llc',
  'street', 'road', 'straße', 'strasse', 'platz', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'march',
  // Business words: "Acme Dental" and "Kanzlei Roth" are businesses, not people.
  'dental', 'dentistry', 'clinic', 'klinik', 'group', 'law', 'legal', 'studio', 'cafe', 'café', 'restaurant', 'hotel', 'bakery', 'bäckerei', 'consulting',
  'solutions', 'partners', 'associates', 'company', 'zahnarztpraxis', 'apotheke', 'pharmacy', 'salon', 'store', 'agency', 'agentur', 'media',
  'digital', 'design', 'marketing', 'health', 'care', 'center', 'centre', 'zentrum', 'institut', 'institute', 'academy', 'akademie', 'school', 'schule',
  'fitness', 'gym', 'bar', 'bistro', 'pizzeria', 'willkommen', 'bienvenue', 'services', 'medical', 'surgery', 'labs', 'software', 'systems', 'technologies',
]);

export const ROLE_WORDS =
  /\b(CEO|CTO|CFO|COO|CMO|founder|co-founder|cofounder|owner|director|managing director|manager|partner|head|lead|president|principal|dentist|doctor|physician|surgeon|orthodontist|hygienist|lawyer|attorney|solicitor|barrister|notary|accountant|consultant|engineer|architect|designer|developer|therapist|physiotherapist|assistant|secretary|receptionist|chef|Geschäftsführer(?:in)?|Inhaber(?:in)?|Rechtsanwalt|Rechtsanwältin|Steuerberater(?:in)?|Wirtschaftsprüfer(?:in)?|Zahnarzt|Zahnärztin|Ärztin|Arzt|Fachanwalt|Fachanwältin|Partnerin|Leiter(?:in)?|Prokurist(?:in)?|Vorstand|gérant(?:e)?|directeur|directrice|avocat(?:e)?|associé(?:e)?|fondateur|fondatrice|médecin|dentiste|chirurgien(?:ne)?|socio|socia|abogado|abogada|fundador(?:a)?|gerente|titolare|avvocato|fondatore)\b/i;

export interface PersonName {
  name: string;
  first_name: string;
  last_name: string;
  honorific?: string;
}

/** "Dr. med. Anna-Lena von Berg" → a person name; "Ignore previous instructions" → null. */
export function parsePersonName(raw: string): PersonName | null {
  const s = clean(raw, 120).replace(/[,;|–—:].*$/, '').trim();
  if (s.length < 4 || s.length > 60 || /\d|@|https?:/.test(s)) return null;
  const honorific = s.match(HONORIFICS)?.[0]?.trim();
  const rest = s.replace(HONORIFICS, '').trim();
  const tokens = rest.split(/\s+/);
  const words = tokens.filter((t) => !PARTICLES.has(t.toLowerCase()));
  if (words.length < 2 || tokens.length > 5) return null;
  for (const w of words) {
    if (!/^\p{Lu}[\p{L}'’-]*\.?$/u.test(w)) return null;
    if (NOT_NAMES.has(w.toLowerCase().replace(/\.$/, ''))) return null;
    // ALL CAPS words of more than three letters are headings, not names.
    if (w.length > 3 && w === w.toUpperCase()) return null;
  }
  const p: PersonName = { name: (honorific ? `${honorific} ${rest}` : rest).trim(), first_name: tokens[0]!.replace(/\.$/, ''), last_name: tokens.slice(1).join(' ') };
  if (honorific) p.honorific = honorific;
  return p;
}

/** A role is a short label next to a name; a paragraph that happens to contain "developer" is not one. */
function roleIn(text: string): string | undefined {
  const t = clean(text, 160);
  if (!t || t.length > 70 || t.split(/\s+/).length > 8) return undefined;
  return ROLE_WORDS.test(t) ? t : undefined;
}

const IMPRINT_ROLE = /(Geschäftsführer(?:in)?|Geschäftsführung|Inhaber(?:in)?|Praxisinhaber(?:in)?|Vertretungsberechtigte[rn]?|Vertreten durch|Managing Directors?|Owner|Proprietor|CEO|Founder|Gérant(?:e)?|Directeur(?: de la publication)?|Director)\s*[:：]\s*/gi;

/** People and their roles: JSON-LD Person, microdata, team-page cards, and "Managing director: …" lines. */
export function extractPeople(ctx: ExtractContext): FactInput[] {
  const found = new Map<string, { p: PersonName; role?: string; method: FactMethod; confidence: number; extra?: Record<string, unknown> }>();
  const add = (p: PersonName | null, role: string | undefined, method: FactMethod, confidence: number, extra?: Record<string, unknown>) => {
    if (!p) return;
    const key = `${p.first_name} ${p.last_name}`.toLowerCase();
    const cur = found.get(key);
    if (!cur || confidence > cur.confidence || (!cur.role && role)) found.set(key, { p, role: role ?? cur?.role, method, confidence: Math.max(confidence, cur?.confidence ?? 0), extra: extra ?? cur?.extra });
  };

  for (const node of ctx.page.jsonLd) {
    if (!typesOf(node).includes('Person')) continue;
    const name = textOf(node.name) ?? [textOf(node.givenName), textOf(node.familyName)].filter(Boolean).join(' ');
    const extra: Record<string, unknown> = {};
    for (const k of ['email', 'telephone', 'url'] as const) {
      const v = textOf(node[k]);
      if (v) extra[k] = clean(v, 200);
    }
    const sameAs = listOf(node.sameAs).filter((v): v is string => typeof v === 'string');
    if (sameAs.length) extra.same_as = sameAs.slice(0, 10);
    add(parsePersonName(name ?? ''), textOf(node.jobTitle) ? clean(textOf(node.jobTitle)!, 120) : undefined, 'json_ld', 0.85, extra);
  }

  const $ = ctx.page.$;
  $('[itemscope][itemtype*="schema.org/Person"]').each((_, el) => {
    const scope = $(el);
    const name = scope.find('[itemprop="name"]').first().text();
    const role = scope.find('[itemprop="jobTitle"]').first().text();
    add(parsePersonName(name), clean(role, 120) || undefined, 'meta', 0.8);
  });

  const teamPage = ctx.pageKind === 'team' || ctx.pageKind === 'about' || /team|people|staff|about|ueber-uns|uber-uns|equipe|leadership|mitarbeiter|ansprechpartner/i.test(ctx.page.url.pathname);
  let cards = 0;
  $('h1, h2, h3, h4, h5, h6, strong, b, .name, [class*="name"], [class*="title"]').each((_, el) => {
    if (cards >= 200) return false;
    const node = $(el);
    const person = parsePersonName(node.text());
    if (!person) return undefined;
    // The role sits next to the name: the following element, a role-ish child of the card, or the parent's text.
    const candidates = [
      node.next().text(),
      node.siblings('[class*="role"], [class*="position"], [class*="job"], [class*="title"], p, span, small, em').first().text(),
      node.parent().find('[class*="role"], [class*="position"], [class*="job"]').first().text(),
    ];
    const role = candidates.map(roleIn).find(Boolean);
    if (role) {
      cards++;
      add(person, role, 'heading', 0.7);
    } else if (teamPage && /^h[2-5]$/i.test((el as unknown as { name: string }).name)) {
      cards++;
      add(person, undefined, 'heading', 0.5);
    }
    return undefined;
  });

  const text = ctx.page.text.slice(0, 200_000);
  for (const m of text.matchAll(IMPRINT_ROLE)) {
    const after = text.slice(m.index! + m[0].length, m.index! + m[0].length + 200).split(/\n/)[0]!;
    // "Max Muster, Erika Muster" or "Max Muster und Erika Muster".
    for (const chunk of after.split(/,|;|\bund\b|\band\b|\bet\b|&/).slice(0, 4)) {
      add(parsePersonName(chunk), clean(m[1]!, 60), 'text', 0.75);
    }
  }

  return [...found.values()].map(({ p, role, method, confidence, extra }) => {
    const detail: Record<string, unknown> = { name: p.name, first_name: p.first_name, last_name: p.last_name, ...extra };
    if (role) detail.role = role;
    if (p.honorific) detail.honorific = p.honorific;
    return fact(ctx, 'person', p.name, method, confidence, detail);
  });
}
