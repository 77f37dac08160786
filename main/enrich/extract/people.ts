import type { FactInput, FactMethod } from '../../core/domain';
import { clean, listOf, textOf, typesOf } from '../html-page';
import { fact, type ExtractContext } from './context';

// Academic and polite titles, several in a row ("Prof. Dr. med.", "Dipl.-Wirt.-Ing.", "Dr. h.c.", "M.", "Dña.").
// Spain's "D." only with its dot, and never "Don", which is as often a first name.
const HONORIFICS = /^(?:(?:(?:dr|prof|med|dent|vet|univ|mag|dipl|ing|phil|rer|nat|jur|oec|pol|habil|h\.\s?c|mr|mrs|ms|mx|herr|frau|mme|mlle|me|m|sr|sra|srta|dña|dª|doña|dott|dottssa|ra|rae|rain|stb|wp)\.?|d\.)(?:\s?-\s?[a-zäöü]+\.?)*\s+)+/i;
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

/** Legal forms, as written (case matters: "AG" is a company, "Ag" may be someone's name). */
const COMPANY_FORMS = new Set([
  'AG', 'KG', 'OHG', 'UG', 'GbR', 'GmbH', 'mbH', 'KGaA', 'PartG', 'PartGmbB', 'SE', 'eG', 'Ltd', 'LLP', 'LLC', 'PLC', 'Plc', 'Inc', 'Corp', 'Co',
  'SA', 'SAS', 'SASU', 'SARL', 'EURL', 'SCI', 'SNC', 'SL', 'SLU', 'SRL', 'Srl', 'SpA', 'BV', 'NV', 'Holding', 'Stiftung', 'Verein', 'Gruppe',
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
    if (COMPANY_FORMS.has(w.replace(/\.$/, ''))) return null;
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

/**
 * The labels of legal notices (Impressum, imprint, mentions légales, aviso legal, note legali) that name
 * the people behind a business, and the role each label gives them. `role` is the label as written
 * unless the label says only "represented by", which names a representative, not a role; `weak` labels
 * name whoever answers for the content, a lesser claim than managing the business.
 */
interface LegalLabel {
  pattern: string;
  role?: string;
  weak?: boolean;
  /** "Vertreten durch den Geschäftsführer Max Muster" is a sentence: no colon needed. */
  sentence?: boolean;
}

const ARTICLE = String.raw`(?:den|die|der|ihren|ihre|seinen|seine|son|sa|ses|leur|leurs|le|la|les|its|their|the|su|sus|el|il|lo)`;
const REPRESENTATIVE_ROLE = String.raw`(?:Geschäftsführer(?:in|innen)?|Inhaber(?:in)?|Vorstand|Vorsitzenden?|Gesellschafter(?:in|innen)?|Partner(?:in|innen)?|Managing Directors?|Directors?|CEO|Owners?|gérant(?:e|s|es)?|co-?gérant(?:e|s|es)?|président(?:e)?|directeur général|directrice générale|administrador(?:a|es)?(?: únic[oa]| solidari[oa]s?)?)`;

const LEGAL_LABELS: LegalLabel[] = [
  // German
  { pattern: String.raw`(?:Mit|Praxis)?inhaber(?:in|innen)?` },
  { pattern: String.raw`Geschäftsführende[rn]? Gesellschafter(?:in|innen)?` },
  { pattern: String.raw`Geschäftsführ(?:er(?:in|innen)?|ung)(?:\s?/\s?-?in)?` },
  { pattern: String.raw`Vertretungsberechtigte[rn]? (?:Gesellschafter(?:in|innen)?|Geschäftsführer(?:in|innen)?|Personen?|Partner(?:in|innen)?|Vorstand|Vorstände)` },
  { pattern: String.raw`Vertretungsberechtigt(?:e[rn]?)?`, role: 'Vertretungsberechtigte Person' },
  { pattern: String.raw`Persönlich haftende[rn]? Gesellschafter(?:in|innen)?` },
  { pattern: String.raw`(?:Vorstandsvorsitzende[rn]?|Vorsitzende[rn]? des Vorstand(?:e)?s|Vorstand|Vorstände)` },
  { pattern: String.raw`Vertreten durch(?: ${ARTICLE})?(?: ${REPRESENTATIVE_ROLE})?`, role: 'Vertretungsberechtigte Person', sentence: true },
  { pattern: String.raw`(?:Inhaltlich )?Verantwortlich(?:e[rn]?)?(?: für (?:den|die) Inhalte?)?(?: (?:nach|gem\.|gemäß|i\.\s?S\.\s?d\.|im Sinne (?:des|von))[^:\n]{0,60})?`, role: 'Verantwortlich für den Inhalt', weak: true },
  { pattern: String.raw`V\.\s?i\.\s?S\.\s?d\.\s?P\.?`, role: 'V.i.S.d.P.', weak: true },
  // English
  { pattern: String.raw`Managing (?:Directors?|Partners?)` },
  { pattern: String.raw`(?:Company )?Directors?` },
  { pattern: String.raw`(?:Owners?|Proprietors?|CEO|Co-?founders?|Founders?)` },
  { pattern: String.raw`(?:Authori[sz]ed|Legal) representatives?` },
  { pattern: String.raw`Represented by(?: ${ARTICLE})?(?: ${REPRESENTATIVE_ROLE})?`, role: 'Authorised representative', sentence: true },
  { pattern: String.raw`Responsible for (?:the )?content`, role: 'Responsible for the content', weak: true },
  // French
  { pattern: String.raw`(?:Directeur|Directrice)(?: de (?:la )?publication| de la rédaction| général| générale)?` },
  { pattern: String.raw`(?:Co-?)?gérant(?:e|s|es)?` },
  { pattern: String.raw`Président(?:e)?` },
  { pattern: String.raw`Représentant(?:e)? légal(?:e)?` },
  { pattern: String.raw`Représenté(?:e)? par(?: ${ARTICLE})?(?: ${REPRESENTATIVE_ROLE})?`, role: 'Représentant légal', sentence: true },
  { pattern: String.raw`Responsable(?: (?:de (?:la )?)?(?:publication|rédaction|du site|éditorial|del sitio|de contenidos))?`, weak: true },
  // Spanish, Italian
  { pattern: String.raw`Administrador(?:a|es)?(?: únic[oa]| solidari[oa]s?| mancomunad[oa]s?)?` },
  { pattern: String.raw`(?:Representante legal|Titular|Gerente)` },
  { pattern: String.raw`(?:Titolare|Legale rappresentante|Rappresentante legale|Amministratore (?:unico|delegato)|Direttore responsabile)` },
];

const LEGAL_LABEL_RES = LEGAL_LABELS.map((l) => new RegExp(String.raw`^(?:${l.pattern})$`, 'iu'));
/** One pass over a line finds every label; which label it was is told afterwards. */
const LEGAL_LABEL_ANY = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(${LEGAL_LABELS.map((l) => `(?:${l.pattern})`).join('|')})(?![\p{L}\p{N}])(?:[ \t]*\((?:m\/w\/d|w\/m\/d|m\/f\/d|[^)\n]{0,3})\))?[ \t]*([:：])?[ \t]*`,
  'giu',
);

/** Words that begin what an imprint says next (the register, the address, the VAT number), never a name. */
const IMPRINT_NEXT = /\s+(?=(?:Handelsregister|Registergericht|Registernummer|Register|Amtsgericht|Sitz|USt|Umsatzsteuer|Steuer|HRB|HRA|Telefon|Tel|Fax|E-?Mail|Anschrift|Adresse|Registered|Company|VAT|Phone|SIRET|SIREN|RCS|TVA|Capital|Siège|CIF|NIF|Domicilio|Teléfono|P\.?\s?IVA|Partita)\b)/u;
/** Separators of several names after one label: "A, B und C", "A / B", "A et B", "A y B". */
const NAME_LIST = /\s*(?:,|;|\/|\s&\s|\s(?:und|sowie|and|et|y|e)\s)\s*/u;
/** Letters after a name that are not part of it: a degree, "e.K." (a registered merchant's own name as a business). */
const AFTER_NAME = /(?:\s+(?:e\.\s?K(?:fr|fm)?\.?|M\.\s?Sc\.?|B\.\s?Sc\.?|M\.\s?A\.?|B\.\s?A\.?|LL\.\s?M\.?|MBA|MSc|BSc|Ph\.\s?D\.?|PhD|MD|DDS|DMD|Esq\.?))+$/u;

function legalRole(label: string): { role: string; weak: boolean } {
  const i = LEGAL_LABEL_RES.findIndex((re) => re.test(label));
  const spec = LEGAL_LABELS[i];
  const written = label.replace(/\s+/g, ' ').trim();
  // "vertreten durch den Geschäftsführer" gives the role after the article.
  const named = spec?.sentence ? new RegExp(String.raw`(?:${ARTICLE} )?(${REPRESENTATIVE_ROLE})$`, 'iu').exec(written.replace(/^\S+ \S+ ?/, ''))?.[1] : undefined;
  const role = named ? named[0]!.toUpperCase() + named.slice(1) : (spec?.role ?? written);
  return { role: singularRole(role), weak: !!spec?.weak };
}

/** "Managing Directors: A, B" makes each a Managing Director; "Geschäftsführerinnen" each a Geschäftsführerin. */
function singularRole(role: string): string {
  return role
    .replace(/innen\b/gu, 'in')
    .replace(/\b(Director|Partner|Owner|Proprietor|Founder|[Rr]epresentative)s\b/g, '$1')
    .replace(/([Gg]érante?)s\b/gu, '$1')
    .replace(/(Administrador)es\b/gu, '$1')
    .replace(/Vorstände/gu, 'Vorstand')
    .replace(/\s?\/\s?-?in$/u, '');
}

/** The people a piece of imprint text names, each parsed; empty when any part of it is not a name. */
function namesIn(text: string, partial: boolean): PersonName[] {
  const s = text.split(IMPRINT_NEXT)[0]!.replace(/\([^)]*\)/g, ' ');
  const out: PersonName[] = [];
  for (const chunk of s.split(NAME_LIST).slice(0, 6)) {
    // A sentence's full stop goes, an initial's ("Jana K.") stays.
    const c = chunk.trim().replace(/[\s,;:]+$/u, '').replace(AFTER_NAME, '').replace(/(\p{Ll}{2})\.$/u, '$1').trim();
    if (!c) continue;
    const p = parsePersonName(c);
    if (p) out.push(p);
    else if (!partial) return [];
  }
  return out;
}

function isImprintPage(ctx: ExtractContext): boolean {
  return ctx.pageKind === 'imprint' || /impressum|imprint|legal|mentions|aviso|note-legali|colofon|offenlegung/i.test(ctx.page.url.pathname);
}

/**
 * "Geschäftsführer: Dr. Jana Köhler", "Vertreten durch: A, B und C", "Gérant : M. Jean Dupont", with the
 * names on the label's line or, when the label ends its line, on the lines below it.
 */
function legalNoticePeople(ctx: ExtractContext, add: (p: PersonName, role: string, confidence: number) => void): void {
  const imprint = isImprintPage(ctx);
  const lines = ctx.page.text.slice(0, 200_000).split('\n');
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    if (line.length > 2000) continue;
    for (const m of line.matchAll(LEGAL_LABEL_ANY)) {
      const spec = LEGAL_LABELS[LEGAL_LABEL_RES.findIndex((re) => re.test(m[1]!))];
      const colon = !!m[2];
      const atLineStart = line.slice(0, m.index).trim() === '';
      // Without a colon a label is believed only where legal notices are, at the start of its line, or as a sentence.
      if (!colon && !spec?.sentence && !(imprint && atLineStart)) continue;
      const { role, weak } = legalRole(m[1]!);
      const confidence = (imprint ? 0.8 : 0.75) - (weak ? 0.1 : 0);
      const rest = line.slice(m.index! + m[0].length);
      if (rest.trim()) {
        // The rest of the line may go on with the next label or the address: what reads as names is kept.
        for (const p of namesIn(rest, true)) add(p, role, confidence);
        continue;
      }
      // "Geschäftsführer:" alone on its line: the names follow, one list a line, until a line that is not one.
      for (let k = li + 1; k < Math.min(lines.length, li + 6); k++) {
        const below = namesIn(lines[k]!, false);
        if (below.length === 0) break;
        for (const p of below) add(p, role, confidence);
      }
    }
  }
}

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

  legalNoticePeople(ctx, (p, role, confidence) => add(p, role, 'text', confidence));

  return [...found.values()].map(({ p, role, method, confidence, extra }) => {
    const detail: Record<string, unknown> = { name: p.name, first_name: p.first_name, last_name: p.last_name, ...extra };
    if (role) detail.role = role;
    if (p.honorific) detail.honorific = p.honorific;
    return fact(ctx, 'person', p.name, method, confidence, detail);
  });
}
