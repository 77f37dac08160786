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
}

/** Reads a web address as written by a person or a source ("maple.example", "https://…"), or null. */
export function parseWebAddress(raw: string | null | undefined): WebAddress | null {
  if (!raw) return null;
  const text = raw.trim();
  if (!text || /\s/.test(text)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
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
  if (isReservedTestHost(host)) return { url: u.href, host, identity: reservedTestDomain(host), platform: false };
  const info = parseDomain(withScheme, { allowPrivateDomains: true });
  if (!info.domain || info.isIp || !(info.isIcann || info.isPrivate)) return { url: u.href, host, identity: null, platform: false };
  const icann = parseDomain(withScheme).domain?.toLowerCase() ?? null;
  const domain = info.domain.toLowerCase();
  if (icann && SITE_BUILDER_DOMAINS.has(icann) && host !== icann) {
    // "maple.squarespace.com": the subdomain is the customer's site (or a profile path on a builder that has none).
    return { url: u.href, host, identity: host, platform: false };
  }
  if (PLATFORM_HOSTS.has(host) || PLATFORM_HOSTS.has(domain) || (icann !== null && PLATFORM_HOSTS.has(icann) && domain === icann)) {
    return { url: u.href, host, identity: null, platform: true };
  }
  return { url: u.href, host, identity: domain, platform: false };
}

/** The business's own domain from its website ("https://www.shop.maple.co.uk/x" → "maple.co.uk"), or null. */
export function ownDomain(website: string | null | undefined): string | null {
  return parseWebAddress(website)?.identity ?? null;
}
