import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FactInput } from '../../../main/core/domain';
import { enrichWebsite } from '../../../main/enrich/enrich-website';
import { parsePersonName } from '../../../main/enrich/extract/people';
import { extractPage } from '../../../main/enrich/extract-page';
import { HostLimiter } from '../../../main/enrich/host-limiter';
import { classifyLink } from '../../../main/enrich/site-map';
import { ENGLISH_IMPRINT, FRENCH_MENTIONS, GERMAN_IMPRESSUM, GERMAN_SOLE_TRADER, SPANISH_AVISO } from '../../support/fixture-sites/legal-notices';
import { startFixtureSites, type FixtureServer } from '../../support/fixture-sites/server';

const people = (facts: FactInput[]) => Object.fromEntries(facts.filter((f) => f.kind === 'person').map((f) => [f.value, f.detail as Record<string, unknown>]));
const onImprint = (html: string, url: string) => people(extractPage(html, url, { pageKind: 'imprint', now: new Date('2026-01-15T12:00:00Z') }));

describe('people named with their roles in legal notices', () => {
  it('a German Impressum: several managing directors after one label, titles kept, names below their label, no company as a person', () => {
    const p = onImprint(GERMAN_IMPRESSUM, 'https://www.koehler-partner-stb.de/impressum/');
    expect(Object.keys(p).sort()).toEqual(['Dipl.-Kfm. Matthias Brandt', 'Dr. Jana Köhler', 'Lea Sommer', 'Prof. Dr. med. Ulrich Hahn', 'Sabine Oduya-Weber']);
    expect(p['Dr. Jana Köhler']).toMatchObject({ first_name: 'Jana', last_name: 'Köhler', honorific: 'Dr.', role: 'Geschäftsführer' });
    expect(p['Dipl.-Kfm. Matthias Brandt']).toMatchObject({ first_name: 'Matthias', last_name: 'Brandt', role: 'Geschäftsführer' });
    expect(p['Sabine Oduya-Weber']).toMatchObject({ role: 'Geschäftsführer' });
    // "(Vorsitzender)" is a remark, not part of the name.
    expect(p['Prof. Dr. med. Ulrich Hahn']).toMatchObject({ first_name: 'Ulrich', last_name: 'Hahn', honorific: 'Prof. Dr. med.', role: 'Vertretungsberechtigte Gesellschafter' });
    expect(p['Lea Sommer']).toMatchObject({ role: 'Vertretungsberechtigte Gesellschafter' });
  });

  it('a sole trader: "Inhaberin" above her name, "e.K." after it, and "vertreten durch die Geschäftsführerin …" as a sentence', () => {
    const p = onImprint(GERMAN_SOLE_TRADER, 'https://www.blumen-vogt.de/impressum');
    expect(p['Marie-Luise Vogt']).toMatchObject({ first_name: 'Marie-Luise', last_name: 'Vogt', role: 'Inhaberin' });
    expect(p['Frau Hanna Stegmann']).toMatchObject({ first_name: 'Hanna', last_name: 'Stegmann', role: 'Geschäftsführerin' });
    expect(Object.keys(p)).toHaveLength(2);
  });

  it('an English imprint: managing directors and partner in a table, representatives, a holding company that is no one', () => {
    const p = onImprint(ENGLISH_IMPRINT, 'https://northgate-joinery.co.uk/imprint');
    expect(p['Oliver Grant']).toMatchObject({ role: 'Managing Director' });
    expect(p['Priya Nair']).toMatchObject({ role: 'Managing Director' });
    expect(p['Dr. Helen McAllister']).toMatchObject({ first_name: 'Helen', last_name: 'McAllister', role: 'Managing partner' });
    expect(p["Thomas O'Brien"]).toMatchObject({ role: 'Authorised representative' });
    expect(p['Aisha Rahman']).toMatchObject({ role: 'Authorised representative' });
    expect(Object.keys(p)).toHaveLength(5);
  });

  it('French mentions légales: gérant, cogérante, the editors; the host company is no one', () => {
    const p = onImprint(FRENCH_MENTIONS, 'https://www.boulangerie-lefevre.fr/mentions-legales/');
    expect(p['M. Julien Lefèvre']).toMatchObject({ first_name: 'Julien', last_name: 'Lefèvre', role: 'Gérant' });
    expect(p['Mme Claire Dubois-Lefèvre']).toMatchObject({ last_name: 'Dubois-Lefèvre', role: 'Cogérante' });
    expect(p['Élodie Martin']).toMatchObject({ role: 'Responsable de la rédaction' });
    expect(p['Karim Benali']).toMatchObject({ role: 'Responsable de la rédaction' });
    // "Directeur de la publication : Julien Lefèvre" is the same man, not a second one.
    expect(Object.keys(p)).toHaveLength(4);
  });

  it('a Spanish aviso legal: administrador único, "y" between two names, the clinic itself no one', () => {
    const p = onImprint(SPANISH_AVISO, 'https://clinicasonrisa.es/aviso-legal');
    expect(p['D. Javier Ortega Ruiz']).toMatchObject({ first_name: 'Javier', last_name: 'Ortega Ruiz', role: 'Administrador único' });
    expect(p['Dña. Lucía Fernández']).toMatchObject({ role: 'Responsable' });
    expect(p['Marta Gil']).toMatchObject({ role: 'Responsable' });
    expect(Object.keys(p)).toHaveLength(3);
  });

  it('names and what is not one', () => {
    for (const company of ['XY GmbH', 'Muster AG', 'Köhler Verwaltungs GmbH', 'Northgate Holdings Ltd', 'Lefèvre SARL', 'Dr. Köhler']) expect(parsePersonName(company), company).toBeNull();
    expect(parsePersonName('Dr.-Ing. Jana Köhler')).toMatchObject({ first_name: 'Jana', last_name: 'Köhler', honorific: 'Dr.-Ing.' });
    expect(parsePersonName('Dipl.-Wirt.-Ing. Paul Brandt')).toMatchObject({ first_name: 'Paul', honorific: 'Dipl.-Wirt.-Ing.' });
    // "Don" is a first name as often as a Spanish title; "D." with its dot is the title.
    expect(parsePersonName('Don Johnson')).toMatchObject({ first_name: 'Don', last_name: 'Johnson' });
    expect(parsePersonName('D. Javier Ortega')).toMatchObject({ first_name: 'Javier', honorific: 'D.' });
  });

  it('outside a legal notice a label needs its colon: a team card\'s role line names nobody below it', () => {
    const html = '<html><body><h3>Jana Köhler</h3><p>Director</p><h3>Tom Brandt</h3><p>Designer</p></body></html>';
    const p = people(extractPage(html, 'https://www.studio-example.co.uk/'));
    expect(p['Tom Brandt']?.role).not.toBe('Director');
  });
});

describe('the crawler reads the legal notice', () => {
  let srv: FixtureServer;
  beforeAll(async () => {
    const home = (links: string) => `<!DOCTYPE html><html><body><h1>Willkommen</h1><p>Seit 1998 für Sie da.</p><footer>${links}</footer></body></html>`;
    srv = await startFixtureSites([
      {
        host: 'koehler-partner-stb.de',
        pages: {
          '/': home('<a href="/kontakt/">Kontakt</a> <a href="/ueber-uns/">Über uns</a> <a href="/impressum/">Impressum</a> <a href="/datenschutz/">Datenschutz</a>'),
          '/kontakt/': '<html><body><p>kanzlei@koehler-partner-stb.de</p></body></html>',
          '/ueber-uns/': '<html><body><p>Unsere Kanzlei.</p></body></html>',
          '/impressum/': GERMAN_IMPRESSUM,
        },
      },
      {
        host: 'boulangerie-lefevre.fr',
        pages: {
          '/': home('<a href="/contact">Contact</a> <a href="/mentions-l%C3%A9gales/">Mentions légales</a>'),
          '/contact': '<html><body><p>bonjour@boulangerie-lefevre.fr</p></body></html>',
          // The fixture server matches the path as it is requested: percent-encoded.
          '/mentions-l%C3%A9gales/': FRENCH_MENTIONS,
        },
      },
    ]);
  });
  afterAll(async () => {
    await srv.close();
  });

  it('at basic level the imprint is among the pages read, and its people become facts', async () => {
    const limiter = new HostLimiter({ minIntervalMs: 0 });
    const de = await enrichWebsite(srv.url('koehler-partner-stb.de'), { level: 'basic', lookup: srv.lookup, limiter });
    expect(de.pages.map((x) => x.kind)).toEqual(['home', 'contact', 'imprint', 'about']);
    expect(people(de.facts)['Dr. Jana Köhler']).toMatchObject({ role: 'Geschäftsführer' });
    const fr = await enrichWebsite(srv.url('boulangerie-lefevre.fr'), { level: 'basic', lookup: srv.lookup, limiter });
    expect(fr.pages.find((x) => x.kind === 'imprint')).toBeDefined();
    expect(people(fr.facts)['M. Julien Lefèvre']).toMatchObject({ role: 'Gérant' });
  });

  it('recognises legal-notice links by path and by text in several languages', () => {
    const kind = (path: string, text = '') => classifyLink(new URL(path, 'https://www.example-firma.de'), text);
    expect(kind('/mentions-l%C3%A9gales/')).toBe('imprint');
    expect(kind('/aviso-legal')).toBe('imprint');
    expect(kind('/informacion-legal')).toBe('imprint');
    expect(kind('/en/legal-notice')).toBe('imprint');
    expect(kind('/offenlegung')).toBe('imprint');
    expect(kind('/index.php?id=42', 'Impressum & Datenschutz')).toBe('imprint');
    expect(kind('/seite-7', 'Legal disclosure')).toBe('imprint');
    expect(kind('/kontakt')).toBe('contact');
  });
});
