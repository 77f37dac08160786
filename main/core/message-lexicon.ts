/**
 * The words the message check and the writers share: sectors and their nouns, the phrases that hurt
 * replies, greetings, event and praise words, in English and German. Kept in one place so that what the
 * composer avoids and what the check flags cannot drift apart.
 */

export type Language = 'en' | 'de';

export type Sector = 'health' | 'vet' | 'food' | 'legal' | 'finance' | 'beauty' | 'fitness' | 'trades' | 'retail' | 'hospitality' | 'other';

const SECTOR_PATTERNS: Array<[Sector, RegExp]> = [
  ['vet', /\b(vet|veterin|tierarzt|tierärzt)/iu],
  ['health', /\b(?:dent|ortho|clinic|doctor|medic|physio|therap|chiro|surgeon|hygien|zahn|optic|optom|pharm|podiat|dermat|kieferorth|osteopath|krankengymnast)|(?:ärzt|arzt|praxen\b|praxis\b)/iu],
  ['food', /(restaurant|caf[eé]|coffee|kaffee|\bbar\b|bistro|bakery|bäckerei|pizz|diner|brew|roast|kitchen|catering|konditorei|eatery|gastro)/iu],
  ['legal', /(\blaw\b|legal|attorney|lawyer|solicitor|notar|kanzlei|rechtsanw|anwält|anwalt)/iu],
  ['finance', /(account|bookkeep|\btax\b|steuer|\bcpa\b|finanz|insurance|versicher)/iu],
  ['beauty', /(salon|hair|barber|\bspa\b|beauty|nail|friseur|kosmetik)/iu],
  ['fitness', /(\bgym\b|fitness|yoga|pilates|crossfit|martial|boxing)/iu],
  ['trades', /(plumb|electric|roof|hvac|contractor|handwerk|installat|tischler|schreiner|elektr|sanitär|maler|carpent|landscap|garage|auto repair|werkstatt)/iu],
  ['hospitality', /(hotel|hostel|\binn\b|pension|guesthouse|b&b)/iu],
  ['retail', /(shop|store|boutique|retail|laden|geschäft|florist|blumen)/iu],
];

/**
 * The sector of the first text that names one: a category before a business name, since a name ("The
 * Braid Bar") can mislead where the category ("Hair salon") does not.
 */
export function sectorOf(...texts: Array<string | null | undefined>): Sector {
  for (const t of texts) {
    if (!t) continue;
    for (const [sector, re] of SECTOR_PATTERNS) if (re.test(t)) return sector;
  }
  return 'other';
}

/**
 * Nouns that only fit some sectors: "your patients" said to a coffee shop is a false statement about it.
 * Nouns shared by many sectors (clients, customers, team) are not listed.
 */
export const SECTOR_NOUNS: ReadonlyArray<[RegExp, ReadonlySet<Sector>]> = [
  [/\bpatients?\b|\bPatient(?:en|innen)?\b/u, new Set<Sector>(['health', 'vet'])],
  [/\b(?:dental|dentistry|hygienists?|orthodontic\w*)\b|\bZahn\w*/iu, new Set<Sector>(['health'])],
  [/\bchairs?\b/iu, new Set<Sector>(['health', 'beauty'])],
  [/\bpractices?\b/iu, new Set<Sector>(['health', 'vet', 'legal', 'finance', 'fitness'])],
  [/\bguests?\b|\bGäste\w*/iu, new Set<Sector>(['food', 'hospitality'])],
  [/\bmenus?\b|\bSpeisekarte\w*/iu, new Set<Sector>(['food', 'hospitality'])],
  [/\bMandant\w*/u, new Set<Sector>(['legal', 'finance'])],
  [/\bmembers(?:hip)?\b|\bMitglied\w*/iu, new Set<Sector>(['fitness'])],
];

/** How a writer names the people a business serves. */
export function clienteleOf(sector: Sector, lang: Language): string {
  if (lang === 'de') {
    return sector === 'health' ? 'Patienten' : sector === 'vet' ? 'Tierhalter' : sector === 'food' || sector === 'hospitality' ? 'Gäste' : sector === 'legal' ? 'Mandanten' : 'Kunden';
  }
  switch (sector) {
    case 'health':
      return 'patients';
    case 'vet':
      return 'pet owners';
    case 'food':
    case 'hospitality':
      return 'guests';
    case 'fitness':
      return 'members';
    case 'retail':
      return 'customers';
    default:
      return 'clients';
  }
}

/** What is usual for ratings in a sector (public review-site averages), so only the unusual is praised. */
const RATING_NORMS: Record<Sector, { rating: number; reviews: number }> = {
  health: { rating: 4.6, reviews: 80 },
  vet: { rating: 4.6, reviews: 100 },
  food: { rating: 4.4, reviews: 250 },
  legal: { rating: 4.6, reviews: 30 },
  finance: { rating: 4.6, reviews: 25 },
  beauty: { rating: 4.6, reviews: 90 },
  fitness: { rating: 4.5, reviews: 80 },
  trades: { rating: 4.5, reviews: 40 },
  hospitality: { rating: 4.3, reviews: 300 },
  retail: { rating: 4.4, reviews: 80 },
  other: { rating: 4.5, reviews: 60 },
};

/** A rating worth mentioning: clearly above what is usual for the sector, from enough reviews to mean it. */
export function isRemarkableRating(rating: number | null | undefined, reviews: number | null | undefined, sector: Sector): boolean {
  if (rating == null || reviews == null || !Number.isFinite(rating) || !Number.isFinite(reviews)) return false;
  const norm = RATING_NORMS[sector];
  if (rating >= Math.min(4.9, norm.rating + 0.2) && reviews >= norm.reviews) return true;
  return rating >= norm.rating && reviews >= norm.reviews * 3;
}

/**
 * Phrases that hurt replies or read as spam: false urgency, hype, buzzwords, the openers and closers that
 * measured campaigns show to do worse. Each is matched as whole words; "urgent" alone is not here, since a
 * dental practice's "urgent appointments" is a service, not pressure.
 */
export const SPAM_PHRASES: readonly string[] = [
  'act now', 'act fast', 'limited time', 'limited-time', 'guaranteed', 'risk-free', 'risk free', 'no obligation', '100% free',
  'click here', 'click below', 'buy now', 'order now', 'once in a lifetime', "don't miss out", 'do not miss out', 'exclusive offer',
  'special promotion', 'cash bonus', 'you have been selected', 'you are a winner', 'last chance', 'expires today', 'today only',
  'hurry', 'urgently', 'urgent reply', 'urgent response', 'respond urgently', 'before it is too late', "before it's too late",
  'leverage', 'synergy', 'synergies', 'unlock', 'game-changer', 'game changer', 'revolutionize', 'revolutionise', 'revolutionary',
  'cutting-edge', 'best-in-class', 'world-class', 'next-level', 'skyrocket', 'supercharge', '10x your', 'disrupt',
  'i hope this email finds you well', 'i hope this message finds you well', 'hope this email finds you well', 'hope you are doing well',
  "hope you're doing well", 'worth a quick chat', 'worth a quick call', 'worth a chat', 'quick chat?', 'just checking in', 'touch base',
  'circle back', 'to whom it may concern', 'dear sir/madam', 'dear sir or madam', 'commitment to excellence',
  'jetzt zugreifen', 'nur heute', 'nur noch heute', 'garantiert', 'einmalige gelegenheit', 'exklusives angebot', 'sonderangebot',
  'ich hoffe, diese e-mail erreicht sie', 'ich hoffe, diese nachricht erreicht sie', 'sehr geehrte damen und herren',
];

/** Openers that put the trigger event first ("Congrats on your new location!"), which did worse in every test. */
export const TRIGGER_OPENERS = /^(?:congrats|congratulations|big news|huge news|glückwunsch|herzlichen glückwunsch|gratulation)\b/iu;

export const GREETING_START =
  /^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|hallo|guten (?:tag|morgen|abend)|sehr geehrte[rs]?|liebe[rs]?|moin|servus|grüß gott|grüezi)\b/iu;

/** Greetings that address nobody in particular. */
export const GENERIC_GREETING = /^\s*(?:hi|hello|hey|dear|greetings)\s+(?:there|all|everyone|friend|sir|madam|sir\/madam|sir or madam)\b|^\s*(?:dear sir|to whom)|^\s*sehr geehrte damen und herren/iu;

export const CLOSINGS = /^(?:best|best regards|kind regards|regards|warm regards|thanks|thank you|many thanks|cheers|sincerely|all the best|talk soon|viele grüße|beste grüße|freundliche grüße|mit freundlichen grüßen|herzliche grüße|liebe grüße|schöne grüße)[,.!]?$/iu;

/** Words that make a statement about the lead an event or a change: a claim that must trace to a fact. */
export const EVENT_WORDS =
  /\b(?:open(?:ed|s|ing)?|launch(?:ed|es|ing)?|add(?:ed|s|ing)?|hir(?:ed|es|ing)|welcom(?:ed|es|ing)|join(?:ed|s|ing)|mov(?:ed|es|ing)|relocat\w*|expand\w*|renovat\w*|introduc\w*|start(?:ed|s|ing)?|won|award\w*|celebrat\w*|grew|grow(?:s|ing)|rebrand\w*|redesign\w*|upgrad\w*|extend(?:ed|s)?|offer(?:s|ed|ing)?|now|new|newest|latest|recent(?:ly)?|just|eröffne\w*|erweiter\w*|umgezogen|eingestellt|begrüß\w*|verstärk\w*|gestartet|renoviert|neu\w*|jetzt|seit kurzem|bieten)\b/iu;

/** Praise that needs grounds: only a remarkable rating may be called strong or rare. */
export const PRAISE_PATTERNS: readonly RegExp[] = [
  /\b(?:your|ihr|ihre|ihren|ihrem)\s+(?:\p{L}+\s+){0,2}?(?:impressive|outstanding|remarkable|exceptional|stellar|amazing|incredible|excellent|fantastic|stunning|beautiful|great|top-rated|award-winning|beeindruckend\w*|hervorragend\w*|ausgezeichnet\w*)\b/iu,
  /\b(?:impressive|outstanding|remarkable|exceptional|stellar|amazing|incredible|excellent|fantastic|stunning|beautiful|great|strong|beeindruckend\w*|hervorragend\w*)\s+(?:\p{L}+\s+){0,2}?(?:rating|ratings|reviews|reputation|website|site|work|team|commitment|service|care|sign|bewertung\w*|ruf|arbeit)\b/iu,
  /\b(?:which is|that's|that is|is|are|looks|seems|ist|sind|wirkt)\s+(?:really\s+|truly\s+|very\s+|wirklich\s+|sehr\s+)?(?:rare|impressive|outstanding|remarkable|exceptional|stellar|amazing|incredible|excellent|great|selten|beeindruckend|hervorragend)\b/iu,
  /\bcommitment to (?:excellence|quality)\b/iu,
];

/** Saying a post was read and liked, when only its title was seen. */
export const CONTENT_READ_PATTERNS: readonly RegExp[] = [
  /\b(?:read|enjoyed|loved|liked|appreciated)\b[^.?!]{0,60}\b(?:post|article|blog|piece|guide|write-up)\b/iu,
  /\bhow (?:practical|helpful|useful|clear|insightful|thoughtful|honest|interesting) (?:it|your post|the post|the article|that post) (?:was|is)\b/iu,
  /\b(?:great|fantastic|excellent|insightful|helpful|interesting) (?:post|article|read|piece|guide)\b/iu,
  /\b(?:gelesen|hat mir (?:gut |sehr )?gefallen)\b/iu,
];

export const ASK_PATTERNS =
  /\b(?:let me know|reply|happy to (?:send|show|share|walk)|would you|could we|can we|shall we|are you open|open to|free for|book a|schedule|interested|hätten sie|wären sie|würde(?:n)? (?:es )?ihnen|darf ich|sollen wir|melden sie sich|antworten sie|passt ihnen|haben sie (?:zeit|interesse)|gerne zeige ich|schreiben sie)\b/iu;

/** Words too common to tie a statement to a fact ("your practice expanded its services" names nothing). */
export const GENERIC_WORDS = new Set(
  (
    'practice practices business businesses clinic clinics office offices team teams service services patient patients client clients customer customers ' +
    'website websites site sites page pages blog blogs post posts hours work things offering offerings company firm studio shop care people place ' +
    'day days week weeks month months year years time recent recently new latest newest lot bit way ways kind sort part area areas space room ' +
    'something anything everything nothing thing stuff update updates change changes news local community neighborhood neighbourhood ' +
    'praxis kanzlei leistungen angebot angebote seite kunden mandanten patienten zeit jahr woche monat neues neuigkeiten'
  ).split(' '),
);

export const STOP_WORDS = new Set(
  (
    'a an the and or but if so of in on at to for from by with about into over after before as is are was were be been being it its this that these ' +
    'those there here i me my we us our you your yours he she they them their his her who whom which what when where why how all any both each few ' +
    'more most other some such no not only own same than too very can will just do does did done have has had having would could should may might ' +
    'saw seen see noticed notice came come across looked look looking caught eye also still even really quite well like liked love loved read ' +
    'der die das den dem des ein eine einen einem einer und oder aber wenn so von in im an am auf zu zum zur für aus bei mit über nach vor als ist ' +
    'sind war waren sein es sie ihr ihre ihren ihrem ihrer ihnen wir uns unser unsere ich mich mir dass auch noch schon sehr nur gesehen habe hat ' +
    'haben wie was wer wo warum bei beim ' +
    // The verbs that carry no content of their own, and the rep's own actions.
    'make made makes go goes went get gets got take takes took keep keeps put puts say says said show shows list lists run runs use uses ' +
    "you're you've you'll we're we've i'm i've it's that's there's what's " +
    'through via around within without along toward towards upon per still already again seem seems looks stood out introduce myself wanted want hope share writing write reach reaching briefly brief'
  ).split(' '),
);

export const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  januar: 1, februar: 2, märz: 3, mai: 5, juni: 6, juli: 7, oktober: 10, dezember: 12,
};

/** Day names to their two-letter schema.org abbreviation. */
export const DAYS: Record<string, string> = {
  monday: 'mo', tuesday: 'tu', wednesday: 'we', thursday: 'th', friday: 'fr', saturday: 'sa', sunday: 'su',
  mondays: 'mo', tuesdays: 'tu', wednesdays: 'we', thursdays: 'th', fridays: 'fr', saturdays: 'sa', sundays: 'su',
  montag: 'mo', dienstag: 'tu', mittwoch: 'we', donnerstag: 'th', freitag: 'fr', samstag: 'sa', sonntag: 'su',
  montags: 'mo', dienstags: 'tu', mittwochs: 'we', donnerstags: 'th', freitags: 'fr', samstags: 'sa', sonntags: 'su',
};

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, twenty: 20,
  second: 2, third: 3, fourth: 4, zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, zehn: 10, zweite: 2, zweiten: 2, zweiter: 2, dritte: 3, dritten: 3,
};

export function numberWord(w: string): number | null {
  return NUMBER_WORDS[w.toLowerCase()] ?? null;
}

/** Site builders, systems and widgets the enrichment can name; a claim naming one must match a tech fact. */
export const TECH_NAMES: readonly string[] = [
  'WordPress', 'WooCommerce', 'Elementor', 'Divi', 'Shopify', 'Shopware', 'Magento', 'PrestaShop', 'Wix', 'Squarespace', 'Webflow', 'Jimdo',
  'Weebly', 'GoDaddy', 'Drupal', 'Joomla', 'TYPO3', 'Ghost', 'HubSpot', 'Mailchimp', 'Calendly', 'Doctolib', 'Stripe', 'PayPal', 'Intercom',
  'Zendesk', 'Tawk.to', 'OpenTable', 'Resy', 'Treatwell', 'Booksy', 'Zocdoc', 'NexHealth', 'Google Analytics', 'Matomo',
];

/** The category of each named tech, for telling a site builder from a booking widget. */
export const TECH_CATEGORY: Record<string, string> = {
  wordpress: 'cms', drupal: 'cms', joomla: 'cms', typo3: 'cms', ghost: 'cms',
  wix: 'site_builder', squarespace: 'site_builder', webflow: 'site_builder', jimdo: 'site_builder', weebly: 'site_builder', godaddy: 'site_builder',
  elementor: 'site_builder', divi: 'site_builder',
  shopify: 'ecommerce', woocommerce: 'ecommerce', shopware: 'ecommerce', magento: 'ecommerce', prestashop: 'ecommerce',
  calendly: 'booking', doctolib: 'booking', opentable: 'booking', resy: 'booking', treatwell: 'booking', booksy: 'booking', zocdoc: 'booking', nexhealth: 'booking',
};

/** Crude language detection for short business texts: enough to tell English from German. */
export function detectLanguage(text: string): Language | null {
  const t = ` ${text.toLowerCase()} `;
  const de = (t.match(/\s(?:der|die|das|und|ist|nicht|mit|für|sie|ihre?|wir|unsere?|praxis|kanzlei|zahnarzt\w*|termin\w*|öffnungszeiten|uhr|neue[nrs]?|seit|bei|auf|vom|zum|zur)\s/gu) ?? []).length
    + (t.match(/[äöüß]/gu) ?? []).length * 0.5;
  const en = (t.match(/\s(?:the|and|is|not|with|for|you|your|we|our|open|new|since|at|on|of|to|from|hours|practice|office)\s/gu) ?? []).length;
  if (de === 0 && en === 0) return null;
  return de > en ? 'de' : 'en';
}
