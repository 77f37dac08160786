import { parse as parseDomain } from 'tldts';
import type { EmailClass } from './domain';
import { parseEmailAddress } from './email-address';

/** Free mailbox providers: an address there says nothing about the business's own domain. */
export const WEBMAIL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.co.in', 'ymail.com', 'rocketmail.com',
  'hotmail.com', 'hotmail.co.uk', 'hotmail.fr', 'hotmail.de', 'outlook.com', 'outlook.de', 'outlook.fr', 'live.com', 'live.de', 'live.fr', 'msn.com',
  'aol.com', 'aol.de', 'icloud.com', 'me.com', 'mac.com', 'gmx.de', 'gmx.net', 'gmx.at', 'gmx.ch', 'gmx.com', 'web.de', 't-online.de', 'freenet.de',
  'mail.ru', 'yandex.ru', 'yandex.com', 'proton.me', 'protonmail.com', 'pm.me', 'zoho.com', 'rediffmail.com', 'qq.com', '163.com', '126.com',
  'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'libero.it', 'virgilio.it', 'alice.it', 'tiscali.it', 'seznam.cz', 'wp.pl', 'o2.pl',
  'onet.pl', 'interia.pl', 'bluewin.ch', 'hispeed.ch', 'telenet.be', 'skynet.be', 'ziggo.nl', 'kpnmail.nl', 'btinternet.com', 'sky.com',
  'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'bellsouth.net', 'cox.net', 'shaw.ca', 'rogers.com', 'bigpond.com', 'optusnet.com.au',
  'uol.com.br', 'bol.com.br', 'terra.com.br', 'naver.com', 'hanmail.net', 'yahoo.co.jp', 'hey.com', 'fastmail.com', 'posteo.de', 'mailbox.org',
]);

/** Local parts that name a function, not a person (several languages). */
export const ROLE_LOCAL_PARTS = new Set([
  'info', 'information', 'contact', 'contacts', 'hello', 'hi', 'hallo', 'hola', 'bonjour', 'ciao', 'office', 'admin', 'administrator', 'sales', 'support',
  'team', 'mail', 'email', 'post', 'kontakt', 'service', 'services', 'enquiries', 'enquiry', 'inquiries', 'inquiry', 'billing', 'accounts', 'accounting',
  'invoice', 'invoices', 'rechnung', 'hr', 'jobs', 'careers', 'career', 'karriere', 'bewerbung', 'recruiting', 'press', 'presse', 'media', 'marketing',
  'reception', 'empfang', 'frontdesk', 'booking', 'bookings', 'reservations', 'reservation', 'reservierung', 'noreply', 'no-reply', 'donotreply',
  'webmaster', 'postmaster', 'hostmaster', 'abuse', 'help', 'helpdesk', 'orders', 'order', 'bestellung', 'shop', 'store', 'praxis', 'kanzlei', 'buero',
  'bureau', 'secretariat', 'sekretariat', 'contacto', 'contatto', 'ventas', 'vendas', 'verkauf', 'vertrieb', 'legal', 'privacy', 'datenschutz', 'gdpr',
  'dpo', 'compliance', 'finance', 'finanz', 'tax', 'steuer', 'recht', 'law', 'it', 'tech', 'dev', 'security', 'newsletter', 'news', 'events', 'partner',
  'partners', 'clinic', 'dental', 'dentist', 'appointments', 'appointment', 'termin', 'termine', 'rdv', 'accueil', 'direction', 'management', 'general',
  'feedback', 'customerservice', 'kundenservice', 'service-center', 'office-manager', 'studio', 'hotel', 'restaurant', 'welcome', 'customer', 'customers',
]);

export interface EmailParts {
  email: string;
  local: string;
  domain: string;
}

/**
 * A well-formed address, or null, as the one e-mail parser (core/email-address.ts) reads it: the local part
 * keeps its case (it can matter, and the rep should see what the site shows); the domain is lower-cased.
 */
export function normaliseEmail(raw: string): EmailParts | null {
  const a = parseEmailAddress(raw);
  return a ? { email: a.address, local: a.local, domain: a.domain } : null;
}

export function isWebmail(domain: string): boolean {
  const d = domain.toLowerCase();
  if (WEBMAIL_DOMAINS.has(d)) return true;
  const registrable = parseDomain(d).domain;
  return !!registrable && WEBMAIL_DOMAINS.has(registrable);
}

export interface KnownPerson {
  first_name?: string;
  last_name?: string;
}

function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase();
}

/**
 * personal / role / webmail. Webmail wins (it says where the mailbox is, not who reads it). A local part is
 * a role when it names a function (info@, sales@, steuer-de@); it is personal when it looks like a name
 * (first.last, f.last) or matches a person known on the site. A single unknown word counts as role: the
 * rep should not write "Dear muenchen".
 */
export function classifyEmail(email: string, people: readonly KnownPerson[] = []): EmailClass {
  const parts = normaliseEmail(email);
  if (!parts) return 'role';
  if (isWebmail(parts.domain)) return 'webmail';
  const local = fold(parts.local.split('+')[0]!);
  const tokens = local.split(/[._-]+/).filter((t) => t.length > 0);
  // "steuer-de", "info-uk": a trailing country / language code does not make a name.
  const meaningful = tokens.filter((t, i) => !(i > 0 && t.length === 2));
  if (meaningful.some((t) => ROLE_LOCAL_PARTS.has(t)) || ROLE_LOCAL_PARTS.has(local)) return 'role';
  for (const p of people) {
    const first = p.first_name ? fold(p.first_name) : undefined;
    const last = p.last_name ? fold(p.last_name) : undefined;
    if ((first && first.length > 1 && local.includes(first)) || (last && last.length > 2 && local.includes(last))) return 'personal';
  }
  if (meaningful.length >= 2 && meaningful.every((t) => /^[a-z]+$/.test(t))) return 'personal';
  return 'role';
}
