import type { DnsAnswer } from './dns-server';
import type { FixtureSite } from './server';

/**
 * Websites that are not there, or not the business's: names that do not resolve, a gone home page,
 * parked domains in several languages and from several providers; and live sites that only look a
 * little like them. Names, addresses and numbers are made up.
 */
export const DEAD = {
  /** No such name (NXDOMAIN): nothing under it either, www. included. */
  noName: 'alte-baeckerei-sommer.de',
  /** The domain exists (it has mail) but no address, and www. does not exist. */
  noAddress: 'nur-post-domain.de',
  /** Resolves, but nothing listens (the test gives it a closed port). */
  refused: 'geschlossen-tischlerei.de',
  gone404: 'praxis-weg-404.de',
  gone410: 'kanzlei-weg-410.de',
  /** Its DNS server fails (SERVFAIL): a fault that may pass. */
  flakyDns: 'wackel-dns-praxis.de',
  /** Its home page answers 503. */
  busy: 'ueberlastet-shop.de',
  sedo: 'moebel-altbau.de',
  godaddy: 'sunrise-yoga-austin.com',
  germanForSale: 'zahnarzt-lindenhof.de',
  frenchForSale: 'boulangerie-des-lilas.fr',
  spanishForSale: 'clinica-sonrisa-madrid.es',
  toMarketplace: 'harbor-dentistry.com',
  marketplace: 'www.hugedomains.com',
} as const;

export const LIVE = {
  /** The name answers only with www.: the bare domain exists but has no address of its own. */
  wwwOnly: 'www.nur-mit-www.de',
  wwwOnlyBare: 'nur-mit-www.de',
  /** The lead's address is a page that is gone; the site itself is fine. */
  movedPage: 'umgezogene-seite.de',
  /** A web agency's long article that quotes a parking page: a live site. */
  agencyBlog: 'pixelwerk-agentur-beispiel.de',
  plain: 'baeckerei-kraus-beispiel.de',
} as const;

/** A name that surely resolves, asked before a site is called dead for its name (see CrawlOptions.dnsWitness). */
export const WITNESS = 'dns-witness.test';

/** The stand-in DNS server's answers: the sites above resolve to loopback, the dead names do not. */
export function deadSitesDns(name: string): DnsAnswer {
  if (name === DEAD.flakyDns || name === `www.${DEAD.flakyDns}`) return 'servfail';
  if (name === DEAD.noAddress || name === LIVE.wwwOnlyBare) return 'nodata';
  const resolving = new Set<string>([WITNESS, ...Object.values(DEAD).filter((h) => h !== DEAD.noName && h !== DEAD.noAddress && h !== DEAD.flakyDns), LIVE.wwwOnly, LIVE.movedPage, LIVE.agencyBlog, LIVE.plain]);
  return resolving.has(name) ? { a: '127.0.0.1' } : 'nxdomain';
}

const page = (lang: string, title: string, body: string, head = '') =>
  `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;

const AGENCY_ARTICLE = Array.from(
  { length: 12 },
  (_, i) =>
    `<p>Abschnitt ${i + 1}: Eine Website ist für kleine Unternehmen oft der erste Eindruck. Wer seine Domain auslaufen lässt, verliert nicht nur Besucher, sondern auch Vertrauen, gute Bewertungen und die Reihenfolge in den Suchergebnissen, die über Jahre gewachsen ist.</p>`,
).join('\n');

export function deadSites(url: (host: string, path?: string) => string): FixtureSite[] {
  return [
    { host: DEAD.gone404, pages: { '/': { status: 404, body: page('de', '404 Not Found', '<h1>Not Found</h1><p>The requested URL was not found on this server.</p>') } } },
    { host: DEAD.gone410, pages: { '/': { status: 410, body: page('de', 'Gone', '<h1>Gone</h1>') } } },
    { host: DEAD.busy, pages: { '/': { status: 503, body: page('de', 'Wartung', '<h1>Wir sind gleich zurück</h1>') } } },
    {
      host: DEAD.sedo,
      pages: {
        '/': page(
          'de',
          DEAD.sedo,
          `<div id="target"></div><p>info@sedo-beispiel-verkauf.net</p><script>window.park = "eyJ1dWlkIjoiMTIzNDUiLCJwYWdlX3RpbWUiOjE3MDB9";</script>`,
          '<script src="https://img.sedoparking.com/js/park.2.1.js"></script>',
        ),
      },
    },
    {
      host: DEAD.godaddy,
      pages: {
        '/': page('en', DEAD.godaddy, '<div id="root"></div><noscript>Please enable JavaScript.</noscript>', '<link rel="stylesheet" href="https://img1.wsimg.com/parking-lander/static/css/main.css"><script src="https://img1.wsimg.com/parking-lander/static/js/main.js"></script>'),
      },
    },
    {
      host: DEAD.germanForSale,
      pages: {
        '/': page(
          'de',
          `${DEAD.germanForSale} kaufen`,
          `<h1>Diese Domain steht zum Verkauf!</h1><p>Sie möchten die Domain ${DEAD.germanForSale} erwerben? Schreiben Sie an verkauf@domainhandel-beispiel.net oder rufen Sie an: +49 30 9876543.</p>`,
        ),
      },
    },
    {
      host: DEAD.frenchForSale,
      pages: {
        '/': page('fr', DEAD.frenchForSale, `<h1>Ce nom de domaine est à vendre</h1><p><a href="https://dan.com/buy-domain/${DEAD.frenchForSale}">Acheter ${DEAD.frenchForSale}</a></p>`),
      },
    },
    {
      host: DEAD.spanishForSale,
      pages: { '/': page('es', DEAD.spanishForSale, `<h2>Este dominio está a la venta</h2><p>Precio: 2.400 €. Contacto: ventas@dominios-ejemplo.es</p>`) },
    },
    { host: DEAD.toMarketplace, pages: { '/': { status: 301, headers: { location: url(DEAD.marketplace, `/domain_profile.cfm?d=${DEAD.toMarketplace}`) }, body: '' } } },
    { host: DEAD.marketplace, pages: { '/domain_profile.cfm': page('en', 'Buy now', `<h1>${DEAD.toMarketplace}</h1><p>Own it today for $2,395.</p>`) } },

    { host: LIVE.wwwOnly, pages: { '/': page('de', 'Nur mit www', '<h1>Tischlerei Brandt</h1><p>Schreiben Sie uns: werkstatt@nur-mit-www.de</p>') } },
    {
      host: LIVE.movedPage,
      pages: {
        '/': page('de', 'Physiotherapie Lang', '<h1>Physiotherapie Lang</h1><a href="/kontakt/">Kontakt</a>'),
        '/kontakt/': page('de', 'Kontakt', '<p>Termine: praxis@umgezogene-seite.de</p>'),
      },
    },
    {
      host: LIVE.agencyBlog,
      pages: {
        '/': page(
          'de',
          'Pixelwerk – Blog: Wenn die Domain weg ist',
          `<h1>Wenn die alte Domain plötzlich „zum Verkauf“ steht</h1>
          <p>Neulich rief uns eine Kundin an: Auf ihrer alten Adresse stand nur noch „Diese Domain steht zum Verkauf“, daneben ein Link zu <a href="https://sedo.com/search/details/?domain=beispiel.de">Sedo</a>.</p>
          ${AGENCY_ARTICLE}
          <p>Kontakt: hallo@pixelwerk-agentur-beispiel.de</p>`,
        ),
      },
    },
    { host: LIVE.plain, pages: { '/': page('de', 'Bäckerei Kraus', '<h1>Bäckerei Kraus</h1><p>Frische Brötchen ab 6 Uhr. bestellung@baeckerei-kraus-beispiel.de</p>') } },
  ];
}
