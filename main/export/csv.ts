import { domainToASCII } from 'node:url';
import type { EmailStatus, Lead } from '../core/domain';
import type { DraftMessage } from './message';
import type { CsvPresetId } from './types';

/** Everything a preset may take a column from, worked out once per draft. */
export interface MergeValues {
  email: string;
  first_name: string;
  last_name: string;
  company_name: string;
  job_title: string;
  website: string;
  company_domain: string;
  phone: string;
  location: string;
  linkedin: string;
  subject: string;
  /** The personal sentences: the body without its greeting line and sign-off. */
  personalization: string;
  /** The approved body as it is (greeting included), for merges that send the whole text. */
  body: string;
  email_status: string;
  /** The sender's postal address and opt-out sentence, for the tool's template to put under the message. */
  postal_address: string;
  opt_out: string;
}

/**
 * merge: a tool puts the value into the e-mail, so it is written exactly as it should read, never with
 * a guard prefix. reference: shown in the tool or a sheet, not merged into the text.
 */
export type ColumnKind = 'merge' | 'reference';

export interface CsvColumn {
  header: string;
  from: keyof MergeValues;
  kind: ColumnKind;
}

export interface CsvPreset {
  id: CsvPresetId;
  label: string;
  /** Where the standard columns are documented. */
  source: string;
  /** The tool's own field names, recognised at import without mapping. */
  standard: readonly CsvColumn[];
  /** Extra columns; the tools keep any other column as a custom variable of the same name. */
  custom: readonly CsvColumn[];
}

const col = (header: string, from: keyof MergeValues, kind: ColumnKind = 'merge'): CsvColumn => ({ header, from, kind });

/** The sender's obligations, as columns every preset carries (the tools keep them as custom variables). */
const FOOTER_COLUMNS = [col('postal_address', 'postal_address'), col('opt_out', 'opt_out')];

/**
 * The presets, with each tool's documented field names as the header:
 * - Instantly: the lead fields of API v2 (POST /api/v2/leads): email, first_name, last_name,
 *   company_name, job_title, phone, website, personalization; other columns become custom variables.
 * - lemlist: the Lead object (developer.lemlist.com): email, firstName, lastName, companyName,
 *   companyDomain, jobTitle, phone, linkedinUrl, icebreaker; other columns become custom variables.
 * - Smartlead: the lead_list fields of "add leads to a campaign": email, first_name, last_name,
 *   company_name, website, phone_number, location, linkedin_profile; others go to custom_fields.
 * - generic: snake_case names that Google Sheets merges (YAMM, GMass) and Word's mail merge take as
 *   they are; personalization and icebreaker both, since tools differ in which name they expect.
 */
export const CSV_PRESETS: Readonly<Record<CsvPresetId, CsvPreset>> = {
  generic: {
    id: 'generic',
    label: 'Any mail merge (spreadsheet)',
    source: 'The Hunter',
    standard: [
      col('email', 'email'), col('first_name', 'first_name'), col('last_name', 'last_name'), col('company_name', 'company_name'),
      col('website', 'website', 'reference'), col('company_domain', 'company_domain', 'reference'), col('phone', 'phone', 'reference'),
      col('subject', 'subject'), col('personalization', 'personalization'), col('icebreaker', 'personalization'), col('body', 'body'),
    ],
    custom: [col('email_status', 'email_status', 'reference'), ...FOOTER_COLUMNS],
  },
  instantly: {
    id: 'instantly',
    label: 'Instantly',
    source: 'developer.instantly.ai, API v2 lead fields (POST /api/v2/leads)',
    standard: [
      col('email', 'email'), col('first_name', 'first_name'), col('last_name', 'last_name'), col('company_name', 'company_name'),
      col('job_title', 'job_title'), col('phone', 'phone', 'reference'), col('website', 'website', 'reference'), col('personalization', 'personalization'),
    ],
    custom: [col('subject', 'subject'), col('email_status', 'email_status', 'reference'), ...FOOTER_COLUMNS],
  },
  lemlist: {
    id: 'lemlist',
    label: 'lemlist',
    source: 'developer.lemlist.com, Lead object and "Create Lead in Campaign"',
    standard: [
      col('email', 'email'), col('firstName', 'first_name'), col('lastName', 'last_name'), col('companyName', 'company_name'),
      col('companyDomain', 'company_domain', 'reference'), col('jobTitle', 'job_title'), col('phone', 'phone', 'reference'),
      col('linkedinUrl', 'linkedin', 'reference'), col('icebreaker', 'personalization'),
    ],
    custom: [col('subject', 'subject'), col('website', 'website', 'reference'), col('email_status', 'email_status', 'reference'), ...FOOTER_COLUMNS],
  },
  smartlead: {
    id: 'smartlead',
    label: 'Smartlead',
    source: 'Smartlead API, "Add leads to a campaign" lead_list fields',
    standard: [
      col('email', 'email'), col('first_name', 'first_name'), col('last_name', 'last_name'), col('company_name', 'company_name'),
      col('website', 'website', 'reference'), col('phone_number', 'phone', 'reference'), col('location', 'location', 'reference'),
      col('linkedin_profile', 'linkedin', 'reference'),
    ],
    custom: [col('personalization', 'personalization'), col('subject', 'subject'), col('email_status', 'email_status', 'reference'), ...FOOTER_COLUMNS],
  },
};

export function presetColumns(id: CsvPresetId): CsvColumn[] {
  const p = CSV_PRESETS[id];
  return [...p.standard, ...p.custom];
}

/** The header row of a preset: what the tool's import reads. */
export function presetHeader(id: CsvPresetId): string[] {
  return presetColumns(id).map((c) => c.header);
}

const EMAIL_STATUS_WORDS: Record<EmailStatus, string> = {
  found_on_site: 'found on site',
  from_source: 'from source',
  paid_finder: 'paid finder',
  guessed_unverified: 'guessed and unverified',
};

/**
 * The values of one draft for every preset. Domains are written in their ASCII (punycode) form. The
 * footer columns are empty when the rep turned the footer off.
 */
export function mergeValues(message: DraftMessage, lead: Lead, emailStatus: EmailStatus | null, senderName: string | null, footer: { postal_address: string | null; opt_out: string | null; enabled: boolean } | null = null): MergeValues {
  const website = asciiUrl(lead.website);
  return {
    email: asciiAddress(message.to.address),
    first_name: lead.first_name?.trim() ?? '',
    last_name: lead.last_name?.trim() ?? '',
    company_name: lead.name.trim(),
    job_title: lead.title?.trim() ?? '',
    website,
    company_domain: companyDomain(lead, website),
    phone: lead.phone?.trim() ?? '',
    location: [lead.city, lead.country].map((s) => s?.trim()).filter(Boolean).join(', '),
    linkedin: lead.linkedin?.trim() ?? '',
    subject: message.subject,
    personalization: personalSentences(message.body, { senderName, firstName: lead.first_name ?? null }),
    body: message.body,
    email_status: emailStatus ? EMAIL_STATUS_WORDS[emailStatus] : '',
    postal_address: footer?.enabled ? (footer.postal_address ?? '') : '',
    opt_out: footer?.enabled ? (footer.opt_out ?? '') : '',
  };
}

/**
 * A value a spreadsheet would run as a formula, and why; null when it is plain text. Phone numbers and
 * other signed numbers ("+91 98200 12345", "-12.5") are numbers to a spreadsheet, not formulas.
 */
export function formulaTrigger(v: string): string | null {
  if (/^[=@]/.test(v)) return `begins with "${v[0]}"`;
  if (/^[\t\r]/.test(v)) return 'begins with a tab or carriage return';
  if (/^[+-]/.test(v) && !/^[+-][\d\s().\-/]*$/.test(v)) return `begins with "${v[0]}"`;
  return null;
}

/**
 * Where a spreadsheet would run a cell as a formula, its own text mark (a leading apostrophe) makes it
 * text. Only reference columns get it: in a merge column the apostrophe would reach the recipient, so
 * such a value is refused before the file is written instead (see service.ts).
 */
export function guardFormula(v: string): string {
  return formulaTrigger(v) ? `'${v}` : v;
}

/** The merge columns of a draft whose value a spreadsheet would run, with the reason. */
export function unsafeMergeValues(values: MergeValues, preset: CsvPresetId): Array<{ header: string; why: string }> {
  const out: Array<{ header: string; why: string }> = [];
  for (const c of presetColumns(preset)) {
    if (c.kind !== 'merge') continue;
    const why = formulaTrigger(values[c.from]);
    if (why) out.push({ header: c.header, why });
  }
  return out;
}

/**
 * RFC 4180 CSV in the preset's columns: CRLF between records; a field with a comma, quote, line break
 * or edge space is quoted and its quotes doubled. Line breaks inside a message are kept, so the merged
 * e-mail keeps its paragraphs. The byte-order mark is for Excel, which otherwise reads UTF-8 as ANSI.
 */
export function presetCsv(preset: CsvPresetId, rows: readonly MergeValues[], opts: { bom: boolean }): string {
  const columns = presetColumns(preset);
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.kind === 'reference' ? guardFormula(row[c.from]) : row[c.from])).join(','));
  return (opts.bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}

export function csvField(v: string): string {
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

// Greetings as drafts open them, in the languages reps write in; a short first line ending in a comma
// (or "!" / ":") is taken as one too.
const GREETING = /^(hi|hello|hey|dear|hiya|greetings|good (morning|afternoon|evening)|hallo|guten tag|bonjour|salut|hola|buenos d[ií]as|ciao|ol[áa]|namaste|merhaba|hej|hoi|مرحبا|السلام عليكم|שלום)\b/iu;
const CLOSING = /^(best|best regards|kind regards|warm regards|regards|many thanks|thanks|thank you|cheers|sincerely|yours|yours sincerely|all the best|talk soon|warmly|with thanks|cordialement|saludos|grüße|viele grüße|mit freundlichen grüßen)\b[\s\S]{0,20}$/iu;

/**
 * The personal sentences of a draft for a merge tool's {{personalization}} / {{icebreaker}}: the body
 * without the greeting line and without a sign-off or the sender's name at the end, because the tool's
 * template adds its own greeting and signature around it.
 */
export function personalSentences(body: string, who: { senderName: string | null; firstName: string | null }): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const firstText = lines.findIndex((l) => l.trim() !== '');
  if (firstText >= 0 && isGreeting(lines[firstText]!, who.firstName)) lines.splice(0, firstText + 1);
  const names = new Set([who.senderName, who.senderName?.split(/\s+/)[0]].filter((n): n is string => !!n && n.trim().length > 0).map((n) => n.trim().toLowerCase()));
  for (;;) {
    while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
    const last = lines[lines.length - 1]?.trim().replace(/^[-–—]+\s*/, '');
    if (last === undefined) break;
    const bare = last.replace(/[,.!]+$/, '').toLowerCase();
    if (names.has(bare) || (CLOSING.test(last) && last.length <= 40)) lines.pop();
    else break;
  }
  return lines.join('\n').replace(/^\n+/, '').trim();
}

function isGreeting(line: string, firstName: string | null): boolean {
  const t = line.trim();
  if (t.length > 80 || t.split(/\s+/).length > 8) return false;
  if (GREETING.test(t)) return true;
  if (firstName && t.replace(/[,!:،]+$/, '').trim().toLowerCase() === firstName.trim().toLowerCase()) return true;
  return /[,!،]$/.test(t) && t.split(/\s+/).length <= 4;
}

function asciiAddress(address: string): string {
  const at = address.lastIndexOf('@');
  const ascii = domainToASCII(address.slice(at + 1));
  return ascii ? `${address.slice(0, at)}@${ascii}` : address;
}

/** A website with its host in punycode ("https://xn--mller-kva.de"), as scraped otherwise. */
function asciiUrl(raw: string | undefined): string {
  const s = raw?.trim() ?? '';
  if (!s) return '';
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`);
    const path = u.pathname === '/' && !s.endsWith('/') ? '' : u.pathname;
    return `${u.protocol}//${u.host}${path}${u.search}${u.hash}`;
  } catch {
    return s;
  }
}

function companyDomain(lead: Lead, website: string): string {
  const fromLead = lead.domain?.trim();
  let host = fromLead || '';
  if (!host && website) {
    try {
      host = new URL(website).hostname;
    } catch {
      host = '';
    }
  }
  return host ? (domainToASCII(host.replace(/^www\./i, '')) || host) : '';
}
