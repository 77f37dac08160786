import { parsePage } from './html-page';

/**
 * Parked domains: a registrar's or marketplace's placeholder ("this domain is for sale", ads for related
 * searches) where the business's site used to be, or never was. Facts read off such a page would be the
 * parking provider's, not the lead's.
 */
export interface Parking {
  /** What gave it away, for the rep: the provider, or the phrase as the page writes it. */
  evidence: string;
  /** A parking provider's own machinery is proof; a phrase alone on a short page is a strong hint. */
  strong: boolean;
}

/** Hosts that serve nothing but parking pages and for-sale landers; a home page that lands on one is parked. */
const PARKING_HOSTS: [RegExp, string][] = [
  [/(^|\.)sedoparking\.com$/, 'Sedo parking'],
  [/(^|\.)sedo\.com$/, 'Sedo'],
  [/(^|\.)parkingcrew\.net$/, 'ParkingCrew'],
  [/(^|\.)bodis\.com$/, 'Bodis'],
  [/(^|\.)dan\.com$/, 'Dan.com'],
  [/(^|\.)afternic\.com$/, 'Afternic'],
  [/(^|\.)hugedomains\.com$/, 'HugeDomains'],
  [/(^|\.)buydomains\.com$/, 'BuyDomains'],
  [/(^|\.)undeveloped\.com$/, 'Undeveloped'],
  [/(^|\.)uniregistry\.com$/, 'Uniregistry'],
  [/(^|\.)above\.com$/, 'Above.com'],
  [/(^|\.)domainmarket\.com$/, 'DomainMarket'],
  [/(^|\.)efty\.com$/, 'Efty'],
  [/(^|\.)squadhelp\.com$/, 'Squadhelp'],
  [/(^|\.)parklogic\.com$/, 'ParkLogic'],
  [/(^|\.)domainsponsor\.com$/, 'DomainSponsor'],
  [/(^|\.)parkingpage\.namecheap\.com$/, 'Namecheap parking'],
];

/**
 * The parking providers' machinery inside a page: their scripts, frames and landers. A real business's
 * site loads none of these.
 */
const PARKING_MARKUP: [RegExp, string][] = [
  [/\/\/(?:[\w-]+\.)*sedoparking\.com\//i, 'Sedo parking'],
  [/\/\/(?:[\w-]+\.)*parkingcrew\.net\//i, 'ParkingCrew'],
  [/\/\/(?:[\w-]+\.)*bodis(?:cdn)?\.com\/(?:[\w./-]*park|js\/)/i, 'Bodis'],
  [/\/\/img\d*\.wsimg\.com\/parking-lander\//i, 'GoDaddy parking'],
  [/\/\/parkingpage\.namecheap\.com\//i, 'Namecheap parking'],
  [/\/\/(?:[\w-]+\.)*above\.com\/marketplace\//i, 'Above.com'],
  [/\/\/(?:[\w-]+\.)*parklogic\.com\//i, 'ParkLogic'],
  [/\/\/(?:[\w-]+\.)*domainsponsor\.com\//i, 'DomainSponsor'],
  [/\bwindow\.park\s*=\s*["']/, 'parking script (window.park)'],
  [/\/js\/parking\.\d[\w.]*\.js\b/i, 'parking script'],
];

/** Links to a marketplace's for-sale page for this very domain: telling on a short page, not on a long one. */
const FOR_SALE_LINKS: [RegExp, string][] = [
  [/\/\/(?:www\.)?dan\.com\/buy-domain\//i, 'Dan.com'],
  [/\/\/(?:www\.)?afternic\.com\/(?:forsale|domain)\//i, 'Afternic'],
  [/\/\/(?:www\.)?hugedomains\.com\/domain_profile\.cfm/i, 'HugeDomains'],
  [/\/\/(?:www\.)?sedo\.com\/search\/details\//i, 'Sedo'],
  [/\/\/(?:[\w-]+\.)?godaddy\.com\/domain(?:search|find|-value-appraisal)|\/\/(?:[\w-]+\.)?godaddy\.com\/(?:[a-z]{2}-[a-z]{2}\/)?domainsearch\/find/i, 'GoDaddy'],
  [/\/\/(?:www\.)?buydomains\.com\//i, 'BuyDomains'],
  [/\/\/(?:www\.)?undeveloped\.com\//i, 'Undeveloped'],
  [/\/\/(?:www\.)?efty\.com\//i, 'Efty'],
];

/**
 * What parking and for-sale pages say, in the languages the product meets. Each is a sentence such a
 * page is built around; an ordinary site that mentions domains in passing is saved by the length rule.
 * Word edges are Unicode letters, not `\b`, which knows only ASCII ("parqué" ends in é).
 */
const PHRASES: RegExp[] = [
  // English
  String.raw`(?:this|the) domain(?: name)?(?: [\p{L}\p{N}.-]+\.[a-z]{2,})? (?:is|may be|might be) (?:for sale|available for (?:sale|purchase))`,
  String.raw`domain(?: name)? (?:is )?for sale`,
  String.raw`buy this domain(?: name)?`,
  String.raw`(?:make an offer|inquire|enquire) (?:on|about|for) this domain`,
  String.raw`this domain(?: name)? (?:is|has been) parked`,
  String.raw`parked (?:free|domain)`,
  String.raw`this (?:web )?page is parked`,
  String.raw`courtesy of godaddy`,
  String.raw`this domain (?:name )?has (?:just )?been registered`,
  // German
  String.raw`(?:diese|die) domain(?: [\p{L}\p{N}.-]+\.[a-z]{2,})? (?:steht|ist) zum verkauf`,
  String.raw`(?:diese|die) domain(?: [\p{L}\p{N}.-]+\.[a-z]{2,})? (?:ist )?(?:zu verkaufen|käuflich|kaufen)`,
  String.raw`domain zu verkaufen`,
  String.raw`(?:diese|die) domain(?: [\p{L}\p{N}.-]+\.[a-z]{2,})? (?:ist|wurde) geparkt`,
  String.raw`diese domain (?:ist bereits vergeben|wurde (?:soeben |gerade )?registriert)`,
  // French
  String.raw`(?:ce|le) (?:nom de )?domaine(?: [\p{L}\p{N}.-]+\.[a-z]{2,})? est (?:à vendre|en vente|disponible à la vente|parqué|stationné)`,
  String.raw`(?:nom de )?domaine (?:à vendre|en vente)`,
  String.raw`acheter ce (?:nom de )?domaine`,
  // Spanish
  String.raw`(?:este|el) dominio(?: [\p{L}\p{N}.-]+\.[a-z]{2,})? (?:está|puede estar) (?:a la venta|en venta|aparcado|estacionado)`,
  String.raw`dominio (?:a la venta|en venta)`,
  String.raw`comprar este dominio`,
  // Italian
  String.raw`questo dominio(?: [\p{L}\p{N}.-]+\.[a-z]{2,})? è (?:in vendita|parcheggiato)`,
  String.raw`dominio in vendita`,
  String.raw`acquista questo dominio`,
  // Dutch
  String.raw`(?:dit domein|deze domeinnaam)(?: [\p{L}\p{N}.-]+\.[a-z]{2,})? is (?:te koop|geparkeerd)`,
  String.raw`domeinnaam te koop`,
  // Portuguese
  String.raw`(?:este|o) domínio(?: [\p{L}\p{N}.-]+\.[a-z]{2,})? está à venda`,
  String.raw`domínio à venda`,
  // Polish, Czech, Swedish, Danish, Norwegian, Turkish
  String.raw`ta domena (?:jest )?na sprzedaż`,
  String.raw`domena na sprzedaż`,
  String.raw`(?:tato )?doména je na prodej`,
  String.raw`domänen? (?:är )?till salu`,
  String.raw`domænet er til salg`,
  String.raw`domenet er til salgs`,
  String.raw`alan adı satılıktır`,
].map((p) => new RegExp(String.raw`(?<![\p{L}\p{N}])${p}(?![\p{L}\p{N}])`, 'iu'));

/** Parking pages are a sentence and a few links; a real site that mentions a domain sale says much more. */
const SHORT_PAGE_CHARS = 2500;

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * Whether a home page is a parked domain, and why; null for anything that may be a real site. `requestedUrl`
 * is where the crawl asked: landing on a marketplace counts only when the lead's site sent it there (Sedo's
 * own site is not parked).
 */
export function detectParking(html: string, finalUrl: string, requestedUrl = finalUrl): Parking | null {
  const host = hostOf(finalUrl);
  const requested = hostOf(requestedUrl);
  for (const [re, name] of PARKING_HOSTS) if (re.test(host) && !re.test(requested)) return { evidence: `lands on ${name} (${host})`, strong: true };

  const head = html.length > 300_000 ? html.slice(0, 300_000) : html;
  for (const [re, name] of PARKING_MARKUP) if (re.test(head)) return { evidence: `${name} on the page`, strong: true };

  let page;
  try {
    page = parsePage(head, finalUrl);
  } catch {
    return null;
  }
  const title = page.$('title').first().text();
  const text = `${title}\n${page.text}`.replace(/\s+/g, ' ');
  if (text.length > SHORT_PAGE_CHARS) return null;
  for (const re of PHRASES) {
    const m = re.exec(text);
    if (m) return { evidence: `"${m[0]}"`, strong: false };
  }
  for (const link of page.links) {
    for (const [re, name] of FOR_SALE_LINKS) if (re.test(link.href)) return { evidence: `a ${name} for-sale link on an otherwise empty page`, strong: false };
  }
  return null;
}
