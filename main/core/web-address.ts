import { parse as parseDomain } from 'tldts';
import { isReservedTestHost, reservedTestDomain } from './hosts';

/**
 * Web addresses as every source and extractor reads them: one parser, so a website typed in a CSV, read
 * from a Maps place or found in an OSM tag names the same business in the same words.
 */

/**
 * Hosts where a page is a profile on a platform, not the business's own site: a Facebook page or a
 * booking listing identifies the platform, so it is never a key that two leads can share.
 */
const PLATFORM_HOSTS = new Set([
  'facebook.com', 'fb.com', 'instagram.com', 'linkedin.com', 'twitter.com', 'x.com', 'youtube.com', 'youtu.be', 'tiktok.com', 'pinterest.com',
  'google.com', 'goo.gl', 'g.page', 'business.site', 'linktr.ee', 'yelp.com', 'tripadvisor.com', 'booking.com', 'doctolib.fr', 'doctolib.de',
  'jameda.de', 'practo.com', 'justdial.com', 'yellowpages.com', 'gelbeseiten.de', 'pagesjaunes.fr', 'wa.me', 'whatsapp.com', 'm.me',
  'sites.google.com', 'blogspot.com', 'wordpress.com', 'medium.com', 'about.me', 'carrd.co', 'bit.ly', 'tinyurl.com', 'calendly.com',
  'booksy.com', 'vagaro.com', 'treatwell.com', 'fresha.com', 'opentable.com', 'thefork.com', 'zocdoc.com', 'healthgrades.com', 'nextdoor.com',
  'foursquare.com', 'houzz.com', 'thumbtack.com', 'angi.com', 'bark.com', 'etsy.com', 'amazon.com', 'ebay.com', 'beacons.ai', 'campsite.bio',
]);

/**
 * Site builders that give each customer a subdomain ("maple.squarespace.com") without the public suffix
 * list knowing it: there the whole host is the business, and the builder's own domain names nobody.
 */
const SITE_BUILDER_DOMAINS = new Set([
  'squarespace.com', 'godaddysites.com', 'weebly.com', 'jimdosite.com', 'jimdofree.com', 'mystrikingly.com', 'strikingly.com', 'ueniweb.com',
  'site123.me', 'webnode.page', 'webnode.com', 'mozello.com', 'hubspotpagebuilder.com', 'setmore.com', 'tumblr.com', 'wix.com', 'wixsite.com',
  'ionos.site', 'one.com', 'company.site', 'square.site', 'webflow.io', 'yolasite.com', 'simplesite.com', 'wordpress.com', 'blogspot.com',
  'business.site', 'ghost.io', 'substack.com', 'framer.website', 'framer.ai', 'durable.co', 'carrd.co', 'hostinger.site', 'zohosites.com',
  'myshopify.com', 'bigcartel.com', 'weeblysite.com', 'webador.com', 'editorx.io', 'wixstudio.io', 'notion.site', 'mailchimpsites.com',
]);

export interface WebAddress {
  /** The address as a full URL ("https://www.maple.example/team"). */
  url: string;
  /** Lower-case host without a leading "www." ("maple.example"). */
  host: string;
  /**
   * The name that identifies the business by its site: the registrable domain of its own site, or the
   * whole host on a site builder's subdomain; null for a platform profile, an IP address or a host that
   * is not a real domain.
   */
  identity: string | null;
  /** A page on a platform (a social profile, a booking listing): the business has no own site here. */
  platform: boolean;
  /**
   * What the host is: a name under a public suffix ('domain'), a name reserved for testing ('test'), an IP
   * address ('ip'), or a name under no known suffix ('unlisted': "acme", "shop.invalidtld"), where no site is.
   */
  hostKind: 'domain' | 'test' | 'ip' | 'unlisted';
}

/** Reads a web address as written by a person or a source ("maple.example", "https://…"), or null. */
export function parseWebAddress(raw: string | null | undefined, o: { defaultScheme?: 'http' | 'https' } = {}): WebAddress | null {
  return read(raw, o.defaultScheme ?? 'http')?.address ?? null;
}

function read(raw: string | null | undefined, defaultScheme: 'http' | 'https'): { address: WebAddress; u: URL } | null {
  if (!raw) return null;
  const text = raw.trim();
  if (!text || /\s/.test(text)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `${defaultScheme}://${text.replace(/^\/\//, '')}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    return null;
  }
  // "mailto:a@b.example" read as a URL has a user and a password; a website has neither.
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password) return null;
  const host = u.hostname.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
  if (!host) return null;
  if (isReservedTestHost(host)) return made(u, host, reservedTestDomain(host), false, 'test');
  const info = parseDomain(withScheme, { allowPrivateDomains: true });
  if (info.isIp) return made(u, host, null, false, 'ip');
  if (!info.domain || !(info.isIcann || info.isPrivate)) return made(u, host, null, false, 'unlisted');
  const domain = info.domain.toLowerCase();
  // Without the private section the answer differs only for a private suffix ("github.io"); otherwise it is this one.
  const icann = info.isPrivate ? (parseDomain(withScheme).domain?.toLowerCase() ?? null) : domain;
  if (icann && SITE_BUILDER_DOMAINS.has(icann) && host !== icann) {
    // "maple.squarespace.com": the subdomain is the customer's site (or a profile path on a builder that has none).
    return made(u, host, host, false, 'domain');
  }
  if (PLATFORM_HOSTS.has(host) || PLATFORM_HOSTS.has(domain) || (icann !== null && PLATFORM_HOSTS.has(icann) && domain === icann)) {
    return made(u, host, null, true, 'domain');
  }
  return made(u, host, domain, false, 'domain');
}

function made(u: URL, host: string, identity: string | null, platform: boolean, hostKind: WebAddress['hostKind']): { address: WebAddress; u: URL } {
  return { address: { url: u.href, host, identity, platform, hostKind }, u };
}

/** The business's own domain from its website ("https://www.shop.maple.co.uk/x" → "maple.co.uk"), or null. */
export function ownDomain(website: string | null | undefined): string | null {
  return parseWebAddress(website)?.identity ?? null;
}

/**
 * A website as a lead keeps it, whichever source gave it: https when no scheme is written, the host in
 * lower case (an internationalised name in punycode), a bare "/" path dropped ("WWW.Acme.com/" →
 * "https://www.acme.com"), so one site from two sources is one text. Null when it names no place a site can
 * be: a host under no known suffix ("acme"), another scheme ("ftp://…", "mailto:…"), an e-mail address.
 */
export function normaliseWebsite(raw: string | null | undefined): string | null {
  const r = read(raw, 'https');
  if (!r || r.address.hostKind === 'unlisted') return null;
  const { u } = r;
  return u.pathname === '/' && !u.search && !u.hash ? `${u.protocol}//${u.host}` : u.href;
}
