import rules from '../../resources/compliance-rules.json';
import type { Lead } from '../core/domain';
import { parsePhone } from '../core/phone';
import { DEFAULT_OPT_OUT } from '../core/sender';
import type { ExportSender, ExportWarning } from './types';

/**
 * What every exported message owes its recipient, and where a lead's country asks for more. The footer
 * (the sender's postal address and the opt-out sentence) is on unless the rep turned it off; the country
 * rules are a short table with their sources (resources/compliance-rules.json), read as warnings, never
 * as a verdict that a message is lawful.
 */

export interface ComplianceFooter {
  /** The lines added under the signature, or null when the rep turned the footer off. */
  text: string | null;
  postal_address: string | null;
  opt_out: string | null;
  enabled: boolean;
}

export function complianceFooter(sender: ExportSender | null): ComplianceFooter {
  const enabled = sender?.compliance_footer !== false;
  const postal = sender?.postal_address?.trim() ? sender.postal_address.trim().replace(/\r\n?/g, '\n') : null;
  const optOut = sender?.opt_out?.trim() ? sender.opt_out.trim() : DEFAULT_OPT_OUT;
  if (!enabled) return { text: null, postal_address: postal, opt_out: null, enabled };
  return { text: [postal, optOut].filter(Boolean).join('\n'), postal_address: postal, opt_out: optOut, enabled };
}

/** The export's own warnings about the footer: none set, or turned off. */
export function footerWarnings(footer: ComplianceFooter): ExportWarning[] {
  if (!footer.enabled) {
    return [{ kind: 'footer_off', message: 'The postal address and opt-out line are turned off (sender.compliance_footer), so these messages carry neither. US law (CAN-SPAM) and the mailbox providers\' sender rules ask for both.' }];
  }
  if (!footer.postal_address) {
    return [{ kind: 'no_postal_address', message: 'Your postal address is not set, so these messages carry only the opt-out line. US law (CAN-SPAM) requires a valid postal address in commercial e-mail: set it once with hunter settings set sender.postal_address "…" (Settings → Your details).' }];
  }
  return [];
}

interface Rule {
  name: string;
  law: string;
  warn: string;
  summary: string;
  sources: ReadonlyArray<{ title: string; url?: string }>;
}

const COUNTRIES = rules.countries as Record<string, Rule>;
const EU = new Set(rules.eu);
const ALIASES = rules.aliases as Record<string, string>;
const TLDS = rules.tlds as Record<string, string>;

export type CountryFrom = 'country' | 'address' | 'phone' | 'domain';

/** The rule for a country (ISO 3166-1 alpha-2), the EU's default for an EU country not in the table, or null. */
export function countryRule(country: string): Rule | null {
  const c = country.toUpperCase();
  return COUNTRIES[c] ?? (EU.has(c) ? (rules.eu_default as Rule) : null);
}

/**
 * Where the lead is, as far as its own data tells: its country field, the end of its address (a country's
 * name, or a US ZIP code after a state, a Canadian or a UK postcode), its phone number's country, or its
 * domain's country code (".de", ".co.uk"). Null when none tells (a ".com" with no address or phone).
 */
export function leadCountry(lead: Pick<Lead, 'country' | 'address' | 'phone' | 'domain' | 'email'> & { website?: string | null | undefined }): { country: string; from: CountryFrom } | null {
  const named = countryCode(lead.country);
  if (named) return { country: named, from: 'country' };
  const fromAddress = addressCountry(lead.address ?? '');
  if (fromAddress) return { country: fromAddress, from: 'address' };
  const phone = parsePhone(lead.phone, null)?.country;
  if (phone) return { country: phone, from: 'phone' };
  for (const host of [lead.domain, hostOf(lead.website), lead.email?.slice(lead.email.lastIndexOf('@') + 1)]) {
    const tld = host?.toLowerCase().replace(/\.$/, '').split('.').pop();
    if (!tld) continue;
    const code = TLDS[tld] ?? (tld.length === 2 ? tld.toUpperCase() : null);
    if (code && (COUNTRIES[code] || EU.has(code))) return { country: code, from: 'domain' };
  }
  return null;
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`).hostname;
  } catch {
    return null;
  }
}

function countryCode(raw: string | null | undefined): string | null {
  const t = raw?.trim().toLowerCase();
  if (!t) return null;
  if (/^[a-z]{2}$/.test(t)) return t === 'uk' ? 'GB' : t.toUpperCase();
  return ALIASES[t] ?? null;
}

function addressCountry(address: string): string | null {
  const text = address.trim();
  if (!text) return null;
  const last = text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean).pop() ?? '';
  // Two letters at the end are a state as often as a country ("Los Angeles, CA"): only "UK" and "US" are read so.
  const alias = ALIASES[last.toLowerCase()];
  if (alias && (last.length > 2 || /^(uk|us)$/i.test(last))) return alias;
  if (/\b[A-Z]{2}\s+\d{5}(-\d{4})?$/.test(text)) return 'US';
  if (/\b[A-Z]\d[A-Z]\s?\d[A-Z]\d$/i.test(text)) return 'CA';
  if (/\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$/.test(text)) return 'GB';
  return null;
}

/** A warning per lead whose country's rule asks for more than the export does (see the table's `warn`). */
export function countryWarning(lead: Lead, draftId: string, recipient: string, footer: ComplianceFooter): ExportWarning | null {
  const where = leadCountry({ ...lead, email: lead.email ?? recipient });
  if (!where) return null;
  const rule = countryRule(where.country);
  if (!rule) return null;
  if (rule.warn === 'without_footer' && footer.enabled && footer.postal_address) return null;
  const how = where.from === 'country' ? 'its country' : where.from === 'address' ? 'its address' : where.from === 'phone' ? 'its phone number' : 'its domain';
  return {
    kind: 'country_rules',
    draft_id: draftId,
    business: lead.name,
    country: where.country,
    country_from: where.from,
    law: rule.law,
    message: `${lead.name} is in ${rule.name} (from ${how}). ${rule.summary}`,
    sources: rule.sources.map((s) => (s.url ? `${s.title}: ${s.url}` : s.title)),
  };
}
