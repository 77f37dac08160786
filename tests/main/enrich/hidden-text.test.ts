import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FactInput } from '../../../main/core/domain';
import { enrichWebsite } from '../../../main/enrich/enrich-website';
import { extractPage } from '../../../main/enrich/extract-page';
import { HostLimiter } from '../../../main/enrich/host-limiter';
import { hiddenSelectors } from '../../../main/enrich/html-page';
import { startFixtureSites, type FixtureServer } from '../../support/fixture-sites/server';

/**
 * A page with a premium-rate number, an address and a person planted where no visitor sees them, in
 * every way a page can hide text, beside the real ones. Only what is visible may become a fact.
 */
const PLANTED = `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Praxis Dr. Lindner – Kontakt</title>
<style>
  /* the site's own rules */
  .seo-block { display: none }
  #promo, .later { visibility: hidden !important; }
  .mobile-only { display: none; }
  @media (max-width: 700px) { .mobile-only { display: block; } }
  .card .hidden-in-card { display: none }
</style></head>
<body>
<h1>Kontakt</h1>
<p>Telefon: <a href="tel:+4989123456">089 123456</a> · E-Mail: <a href="mailto:praxis@lindner-praxis.de">praxis@lindner-praxis.de</a></p>
<p>Geschäftsführerin: Dr. Petra Lindner</p>
<div class="mobile-only"><p>Mobil erreichbar: 0171 2345678</p></div>

<div style="display:none">Premium-Hotline: 0900 5 123456 · hotline@lindner-praxis.de
  <h3>Uwe Unsichtbar</h3><p>Geschäftsführer</p></div>
<div style="color:red; DISPLAY : none !important"><a href="tel:+499001234567">Sofort anrufen</a></div>
<section class="seo-block"><p>Geschäftsführer: Max Versteckt</p><a href="mailto:seo@lindner-praxis.de">seo</a></section>
<p id="promo">Ruf uns an: +49 900 7654321</p>
<p hidden>Inhaber: Karl Verborgen, karl@lindner-praxis.de</p>
<div aria-hidden="true"><a href="https://www.linkedin.com/company/fake-lindner">LinkedIn</a> aria@lindner-praxis.de</div>
<template><p>Owner: Tina Template, tina@lindner-praxis.de</p></template>
<noscript><p>Bitte JavaScript aktivieren oder schreiben Sie an noscript@lindner-praxis.de</p></noscript>
<span style="visibility:hidden">+49 900 1112223</span>
<p class="seo-block" style="display:block">Termine auch unter termine@lindner-praxis.de</p>
<details><summary>Anfahrt</summary><p>Parken im Hof, Rückfragen an empfang@lindner-praxis.de</p></details>
<footer><a href="https://www.instagram.com/lindnerpraxis">Instagram</a></footer>
</body></html>`;

const values = (facts: FactInput[], kind: string) => facts.filter((f) => f.kind === kind).map((f) => f.value).sort();

describe('hidden text is not a fact', () => {
  it('reads which selectors the page hides: top-level rules, the cascade, and @media exceptions', () => {
    expect(hiddenSelectors('.a{display:none} #b{ visibility : hidden !important } .c{display:none} @media (max-width:600px){.c{display:block}} .d, div.e{color:red;display:none;} .f .g{display:none} .h:hover{display:none} .i{display:none} .i{display:flex}')).toEqual([
      '.a', '#b', '.d', 'div.e',
    ]);
  });

  it('every extractor sees only the visible page: no planted phone, e-mail, person or profile', () => {
    const facts = extractPage(PLANTED, 'https://www.lindner-praxis.de/kontakt/', { now: new Date('2026-01-15T12:00:00Z') });
    expect(values(facts, 'phone')).toEqual(['+491712345678', '+4989123456']);
    expect(values(facts, 'email')).toEqual(['empfang@lindner-praxis.de', 'praxis@lindner-praxis.de', 'termine@lindner-praxis.de']);
    expect(values(facts, 'person')).toEqual(['Dr. Petra Lindner']);
    expect(values(facts, 'social')).toEqual(['https://www.instagram.com/lindnerpraxis']);
    for (const f of facts) expect(JSON.stringify(f)).not.toMatch(/900|Versteckt|Unsichtbar|Verborgen|Template|fake-lindner|hotline@|seo@|aria@|noscript@|karl@|tina@/);
  });

  it('a page hidden until its scripts run (body display:none) is still read', () => {
    const facts = extractPage('<html><head><style>body{display:none}</style></head><body style="display:none"><p>Mail: info@lindner-praxis.de</p></body></html>', 'https://www.lindner-praxis.de/');
    expect(values(facts, 'email')).toEqual(['info@lindner-praxis.de']);
  });
});

describe('through a crawl', () => {
  let srv: FixtureServer;
  beforeAll(async () => {
    srv = await startFixtureSites([{ host: 'lindner-praxis.de', pages: { '/': PLANTED } }]);
  });
  afterAll(async () => {
    await srv.close();
  });

  it('the lead never learns the planted number', async () => {
    const r = await enrichWebsite(srv.url('lindner-praxis.de'), { level: 'basic', lookup: srv.lookup, limiter: new HostLimiter({ minIntervalMs: 0 }) });
    expect(r.fields.phone).toBe('+4989123456');
    expect(r.facts.some((f) => f.value.includes('900'))).toBe(false);
    expect(values(r.facts, 'person')).toEqual(['Dr. Petra Lindner']);
  });
});
