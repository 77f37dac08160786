import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FactInput } from '../../../main/core/domain';
import { summarise } from '../../../main/enrich/aggregate';
import { dayOrderFor, findDates, isoDate, parseLooseDate } from '../../../main/enrich/extract/dates';
import { findPageDates, urlDate } from '../../../main/enrich/extract/page-date';
import { extractPage } from '../../../main/enrich/extract-page';
import { parsePage } from '../../../main/enrich/html-page';
import { inspectPage } from '../../../main/enrich/inspect';
import { enrichWebsite } from '../../../main/enrich/enrich-website';
import { fetchPage } from '../../../main/enrich/fetch-page';
import { HostLimiter } from '../../../main/enrich/host-limiter';
import { startFixtureSites } from '../../support/fixture-sites/server';
import { currentAnswer, loadManifest, NOW as BENCH_NOW, pageHtml, score } from '../../bench/dates.bench';

const NOW = new Date('2026-01-15T12:00:00Z');
const OBSERVED = NOW.toISOString();
const page = (body: string, head = '', lang = 'de') => `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
const dates = (html: string, url = 'https://www.example-praxis.de/aktuelles/eintrag/', extra: Partial<Parameters<typeof findPageDates>[0]> = {}) => findPageDates({ page: parsePage(html, url), now: NOW, ...extra });
const facts = (html: string, url = 'https://www.example-praxis.de/aktuelles/eintrag/') => extractPage(html, url, { now: NOW, observedAt: OBSERVED });
const lastUpdated = (fs: FactInput[], url = 'https://www.example-praxis.de/') => summarise(fs, [], { now: NOW, observedAt: OBSERVED, home: url }).find((f) => f.kind === 'last_updated');
const ld = (o: unknown) => `<script type="application/ld+json">${JSON.stringify(o)}</script>`;

describe('reading dates as people write them', () => {
  it('reads day-month-year in several languages and scripts', () => {
    expect(parseLooseDate('Veröffentlicht am Samstag, 3. Dezember 2011 um 10:00')).toBe('2011-12-03');
    expect(parseLooseDate('15. März 2024')).toBe('2024-03-15');
    expect(parseLooseDate('jeudi 27 juin 2019')).toBe('2019-06-27');
    expect(parseLooseDate('le 1er janvier 2020')).toBe('2020-01-01');
    expect(parseLooseDate('27 de junio de 2019')).toBe('2019-06-27');
    expect(parseLooseDate('27 giugno 2019')).toBe('2019-06-27');
    expect(parseLooseDate('12th December 2018')).toBe('2018-12-12');
    expect(parseLooseDate('Posted the September 1, 2017 at 0h00')).toBe('2017-09-01');
    expect(parseLooseDate('2020年2月19日')).toBe('2020-02-19');
    expect(parseLooseDate('2024/03/15')).toBe('2024-03-15');
  });

  it('lets the page locale decide 03/04/2024, unless a part cannot be a month', () => {
    expect(parseLooseDate('03/04/2024', 'dmy')).toBe('2024-04-03');
    expect(parseLooseDate('03/04/2024', 'mdy')).toBe('2024-03-04');
    expect(parseLooseDate('15/03/2024', 'mdy')).toBe('2024-03-15');
    expect(parseLooseDate('03/15/2024', 'dmy')).toBe('2024-03-15');
    expect(dayOrderFor('en-US', 'www.example.com')).toBe('mdy');
    expect(dayOrderFor('en', 'www.example.com')).toBe('mdy');
    expect(dayOrderFor('en-GB', 'www.example.co.uk')).toBe('dmy');
    expect(dayOrderFor('en', 'www.example.co.uk')).toBe('dmy');
    expect(dayOrderFor('de-DE', 'www.example.de')).toBe('dmy');
    expect(dayOrderFor(undefined, 'www.example.fr')).toBe('dmy');
  });

  it('does not take version numbers, words or impossible days for dates', () => {
    expect(parseLooseDate('SPIP 2.1.30 [23453]')).toBeNull();
    expect(parseLooseDate('maintenant 2019')).toBeNull();
    expect(parseLooseDate('30. Februar 2018')).toBeNull();
    expect(findDates('Version 1.4.18 ist da')).toEqual([]);
    // Two-digit years only where a label says a date follows.
    expect(findDates('Stand: 1.4.18', { shortYears: true }).map((d) => d.date)).toEqual(['2018-04-01']);
  });

  it('keeps timestamps with a zone as instants, and only the day of those without one', () => {
    expect(isoDate('2019-04-16T17:18:34.455Z')).toBe('2019-04-16T17:18:34.455Z');
    expect(isoDate('2024-05-03T10:00:00+02:00')).toBe('2024-05-03T08:00:00.000Z');
    expect(isoDate('2018-04-18T09:57:38+0000')).toBe('2018-04-18T09:57:38.000Z');
    expect(isoDate('2014-07-10 08:30:45.687')).toBe('2014-07-10');
    expect(isoDate('Wed, 19 Oct 2022 14:24:05 GMT')).toBe('2022-10-19T14:24:05.000Z');
  });

  it('reads dates in addresses', () => {
    expect(urlDate('/2024/03/15/neue-raeume/')).toEqual({ date: '2024-03-15', precision: 'day' });
    expect(urlDate('/2016-04-15/titel/')).toEqual({ date: '2016-04-15', precision: 'day' });
    expect(urlDate('/news/2011/12/titel/')).toEqual({ date: '2011-12-01', precision: 'month' });
    expect(urlDate('/produkte/12345/')).toBeNull();
  });
});

describe('the page latest date and its signal', () => {
  it('takes dateModified from a JSON-LD @graph over an older datePublished, and says so in the fact', () => {
    const html = page('<h1>Neue Behandlungsräume</h1><p>Text</p>', ld({ '@context': 'https://schema.org', '@graph': [{ '@type': 'WebSite', name: 'Praxis' }, { '@type': 'BlogPosting', headline: 'Neue Behandlungsräume', datePublished: '2025-03-01T09:00:00+01:00', dateModified: '2025-11-20T10:00:00+01:00' }] }));
    const d = dates(html);
    expect(d.latest).toMatchObject({ day: '2025-11-20', source: 'json_ld.dateModified', role: 'modified', strength: 'structured' });
    expect(d.published).toMatchObject({ day: '2025-03-01', source: 'json_ld.datePublished' });
    const fresh = facts(html).filter((f) => f.kind === 'content_freshness');
    expect(fresh[0]).toMatchObject({ value: '2025-11-20T09:00:00.000Z', method: 'json_ld', detail: { source: 'json_ld.dateModified', latest: true, published: '2025-03-01T08:00:00.000Z' } });
    expect(lastUpdated(facts(html))).toMatchObject({ value: '2025-11-20', detail: { basis: 'json_ld.dateModified' } });
  });

  it('reads the usual meta tags: the newer of modified and published wins', () => {
    const d = dates(page('<p>x</p>', '<meta property="article:published_time" content="2024-02-01T08:00:00Z"><meta property="og:updated_time" content="2024-06-02T08:00:00Z"><meta name="DC.date" content="2023-01-05">'));
    expect(d.latest).toMatchObject({ day: '2024-06-02', source: 'meta.og:updated_time' });
    expect(dates(page('<p>x</p>', '<meta http-equiv="last-modified" content="2018-02-05">')).latest).toMatchObject({ day: '2018-02-05', source: 'meta.last-modified' });
    expect(dates(page('<p>x</p>', '<meta itemprop="dateModified" content="2018-02-04">')).latest).toMatchObject({ day: '2018-02-04', source: 'meta.datemodified' });
  });

  it('prefers the article own <time> over dates in related posts, sidebars and comments', () => {
    const html = page(
      `<article><h1>Prophylaxe im Herbst</h1><time datetime="2019-10-02">2. Oktober 2019</time><p>Text</p>
         <div class="comments"><time datetime="2025-12-30">30.12.2025</time></div></article>
       <aside><ul><li><time datetime="2025-12-01">1.12.2025</time> Neuer Beitrag</li></ul></aside>
       <div class="related-posts"><time datetime="2025-11-01">1.11.2025</time></div>`,
    );
    expect(dates(html).latest).toMatchObject({ day: '2019-10-02', source: 'time.datetime' });
    expect(lastUpdated(facts(html))?.value).toBe('2019-10-02');
  });

  it('reads labelled dates in the text: "Stand:", "Mis à jour le", "Last updated"', () => {
    expect(dates(page('<p>Bei Bestellungen bitte die Titelnummer angeben.<br>Stand: 03.04.2019</p>')).latest).toMatchObject({ day: '2019-04-03', source: 'text.updated', role: 'modified' });
    expect(dates(page('<p>Stand: 1.4.18</p>')).latest?.day).toBe('2018-04-01');
    const fr = dates(page('<div class="post-date">Publié le 3 janvier 2023</div><p>Mis à jour le 12 mars 2024</p>', '', 'fr'));
    expect(fr.latest).toMatchObject({ day: '2024-03-12', source: 'text.updated' });
    expect(dates(page('<p>Last updated: March 5th, 2024</p>', '', 'en-US')).latest?.day).toBe('2024-03-05');
  });

  it('uses the date in the address, and never dates a page before it', () => {
    const d = dates(page('<h1>Parken in Paris</h1><p>Ein Text.</p>'), 'https://www.example-blog.de/2012/05/11/parken-in-paris/');
    expect(d.latest).toMatchObject({ day: '2012-05-11', source: 'url' });
    const older = dates(page('<h1>Parken in Paris</h1><p class="info">01.02.2010</p>'), 'https://www.example-blog.de/2012/05/11/parken-in-paris/');
    expect(older.latest?.source).toBe('url');
  });

  it('reads the HTTP Last-Modified header and the sitemap lastmod when the crawler passes them', () => {
    const html = page('<p>Keine Daten hier.</p>');
    expect(dates(html, undefined, { httpLastModified: 'Tue, 04 Nov 2025 10:00:00 GMT' }).latest).toMatchObject({ day: '2025-11-04', source: 'http.last_modified', strength: 'external' });
    expect(dates(html, undefined, { sitemapLastmod: '2025-12-01' }).latest).toMatchObject({ day: '2025-12-01', source: 'sitemap.lastmod' });
  });

  it('reads the date of the byline that names the author, in any theme class and language, short years included', () => {
    const de = dates(page('<p class="morespace">von <a href="/author/kps/" rel="author">Klaus-Peter Schöppner</a>, 8.5.12 </p><p>Ein Text über Wahlen.</p>'));
    expect(de.latest).toMatchObject({ day: '2012-05-08', source: 'element.byline' });
    expect(dates(page('<p>By <span class="author">Jane Doe</span> | March 3, 2024</p>', '', 'en-US')).latest?.day).toBe('2024-03-03');
    expect(dates(page('<p>Por <a rel="author" href="/ana">Ana Ruiz</a>, 5 de marzo de 2024</p>', '', 'es')).latest?.day).toBe('2024-03-05');
    expect(dates(page('<p>Door <span class="author">Jan de Vries</span> op 3 maart 2025</p>', '', 'nl')).latest?.day).toBe('2025-03-03');
    expect(dates(page('<p>di <a rel="author" href="/luca">Luca Bianchi</a> — 12 gennaio 2024</p>', '', 'it')).latest?.day).toBe('2024-01-12');
    expect(dates(page('<p>par <span class="author">Marie Curie</span>, le 12 janvier 2024</p>', '', 'fr')).latest?.day).toBe('2024-01-12');
    // A date far along the author's line belongs to something else on it, not to the page.
    const far = dates(page('<p>By <span class="author">Jane Doe</span>, who has written about dentistry and orthodontics for years, see also 1.4.18</p>', '', 'en-US'));
    expect(far.latest).toBeUndefined();
    // A byline in a sidebar of related posts dates those posts, not this page.
    expect(dates(page('<aside><p>von <a rel="author" href="/x">Max Muster</a>, 3.4.19</p></aside><p>Text</p>')).latest).toBeUndefined();
  });

  it('carries the sitemap lastmod and the fetch time from the crawl into the page facts', () => {
    const html = page('<p>Keine Daten hier.</p>');
    const url = 'https://www.example-praxis.de/leistungen/';
    expect(lastUpdated(extractPage(html, url, { now: NOW, observedAt: OBSERVED, sitemapLastmod: '2025-12-01' }))?.value).toBe('2025-12-01');
    const rel = page('<article><h1>Ein Beitrag</h1><span class="post-date">vor 3 Tagen</span></article>');
    expect(lastUpdated(extractPage(rel, url, { now: NOW, observedAt: OBSERVED, fetchedAt: new Date('2025-12-10T08:00:00Z') }))?.value).toBe('2025-12-07');
    // A fetch time that is not a time is ignored, not a crash.
    expect(() => extractPage(rel, url, { now: NOW, observedAt: OBSERVED, fetchedAt: new Date('not a date') })).not.toThrow();
  });

  it('reads dated headings in German, French, Spanish, Dutch and Italian', () => {
    expect(parseLooseDate('3. März 2025')).toBe('2025-03-03');
    expect(parseLooseDate('12 janvier 2024')).toBe('2024-01-12');
    expect(parseLooseDate('5 de marzo de 2024')).toBe('2024-03-05');
    expect(parseLooseDate('3 maart 2025')).toBe('2025-03-03');
    expect(parseLooseDate('12 gennaio 2024')).toBe('2024-01-12');
    expect(parseLooseDate('1er mai 2023')).toBe('2023-05-01');
    expect(parseLooseDate('31-12-2024', 'dmy')).toBe('2024-12-31');
  });

  it('keeps the day a zoned timestamp was written on, not its UTC day, while the fact keeps the instant', () => {
    const html = page('<div class="post"><h3>Mein alter Blog</h3><abbr itemprop="datePublished" title="2011-03-30T21:05:00-07:00">9:05 PM</abbr></div>', '', 'en');
    const d = dates(html, 'https://blog.example.com/2011/');
    expect(d.latest).toMatchObject({ day: '2011-03-30', source: 'microdata.datePublished', date: '2011-03-31T04:05:00.000Z' });
    const fs = facts(html, 'https://blog.example.com/2011/');
    expect(fs.find((f) => f.kind === 'content_freshness')).toMatchObject({ value: '2011-03-31T04:05:00.000Z', detail: { date: '2011-03-30' } });
    expect(lastUpdated(fs)?.value).toBe('2011-03-30');
    // East of UTC the same: a post at 01:00 in Berlin is that day's, not the evening before.
    expect(dates(page('<p>x</p>', '<meta property="article:published_time" content="2024-05-03T01:00:00+02:00">')).latest?.day).toBe('2024-05-03');
    // Without a zone, or as a plain day, nothing changes.
    expect(dates(page('<p>x</p>', '<meta property="article:published_time" content="2024-05-03">')).latest?.day).toBe('2024-05-03');
  });

  it('reads "vor 3 Tagen" only when the fetch time is known', () => {
    const html = page('<article><h1>Ein Beitrag</h1><span class="post-date">vor 3 Tagen</span></article>');
    expect(dates(html).latest).toBeUndefined();
    expect(dates(html, undefined, { fetchedAt: new Date('2025-12-10T08:00:00Z') }).latest).toMatchObject({ day: '2025-12-07', source: 'element.relative' });
    expect(dates(page('<article><h1>Un article</h1><span class="date">il y a 2 jours</span></article>', '', 'fr'), undefined, { fetchedAt: new Date('2025-12-10T08:00:00Z') }).latest?.day).toBe('2025-12-08');
  });
});

describe('the HTTP Last-Modified header, from the server to the lead facts', () => {
  it('is kept by the fetch, passed on by the crawl and dates a page that says nothing else', async () => {
    const host = 'praxis-ohne-datum.de';
    const srv = await startFixtureSites([{ host, pages: { '/': { headers: { 'last-modified': 'Tue, 04 Nov 2025 10:00:00 GMT' }, body: page('<h1>Praxis</h1><p>Willkommen.</p>') } } }]);
    try {
      const fetched = await fetchPage(srv.url(host), { lookup: srv.lookup });
      expect(fetched.last_modified).toBe('Tue, 04 Nov 2025 10:00:00 GMT');
      const r = await enrichWebsite(srv.url(host), { level: 'basic', lookup: srv.lookup, limiter: new HostLimiter({ minIntervalMs: 0 }), now: () => NOW, limits: { totalTimeoutMs: 2500, idleTimeoutMs: 1500 } });
      expect(r.facts.find((f) => f.kind === 'content_freshness' && f.detail?.source === 'http.last_modified')).toMatchObject({ value: '2025-11-04T10:00:00.000Z', method: 'meta' });
      expect(r.facts.find((f) => f.kind === 'last_updated')).toMatchObject({ value: '2025-11-04', detail: { basis: 'http.last_modified' } });
    } finally {
      await srv.close();
    }
  });
});

describe('bad dates are bounded and coded, never the latest date', () => {
  it('a date in the future is rejected as DATE_IN_FUTURE', () => {
    const d = dates(page('<p>x</p>', '<meta property="article:modified_time" content="2099-01-01T00:00:00Z"><meta property="article:published_time" content="2025-12-01T09:30:00+01:00">'));
    expect(d.latest?.day).toBe('2025-12-01');
    expect(d.rejected).toContainEqual(expect.objectContaining({ source: 'meta.article:modified_time', code: 'DATE_IN_FUTURE' }));
    const f = facts(page('<p>x</p>', '<meta property="article:modified_time" content="2099-01-01T00:00:00Z">'));
    expect(f.filter((x) => x.kind === 'content_freshness')).toEqual([]);
    expect(lastUpdated(f)).toBeUndefined();
  });

  it('a copyright year of 1999 on a live site is COPYRIGHT_STALE: no fact, no last_updated', () => {
    const html = page('<p>Willkommen in unserer Praxis.</p><footer>© 1999 Praxis Weber</footer>');
    const d = dates(html);
    expect(d.latest).toBeUndefined();
    expect(d.rejected).toEqual([expect.objectContaining({ source: 'copyright', date: '1999-01-01', code: 'COPYRIGHT_STALE' })]);
    const f = facts(html);
    expect(f.filter((x) => x.kind === 'content_freshness')).toEqual([]);
    expect(lastUpdated(f)).toBeUndefined();
    // A current copyright year stays the weakest signal: a year, low freshness, only when nothing else dates the page.
    const current = facts(page('<p>Willkommen.</p><footer>© 2010–2025 Praxis Weber</footer>'));
    expect(current.find((x) => x.kind === 'content_freshness')).toMatchObject({ value: '2025', method: 'copyright', detail: { date: '2025-01-01', year: 2025 } });
    expect(lastUpdated(current)).toMatchObject({ value: '2025-01-01', detail: { basis: 'copyright year', freshness: 'low' } });
  });

  it('dates before the web, or before the site own oldest date, are rejected', () => {
    const old = dates(page('<p>x</p>', '<meta property="article:published_time" content="1991-01-02T01:01:00+01:00">'));
    expect(old.latest).toBeUndefined();
    expect(old.rejected[0]).toMatchObject({ code: 'DATE_BEFORE_WEB' });
    const early = dates(page('<p>x</p>', '<meta property="article:published_time" content="2003-01-02">'), undefined, { notBefore: '2010-06-01' });
    expect(early.latest).toBeUndefined();
    expect(early.rejected[0]).toMatchObject({ code: 'DATE_BEFORE_SITE', date: '2003-01-02' });
  });

  it('blog posts dated in the future or before 1995 keep no date', () => {
    const html = page('<article><h2><a href="/blog/a">Termin</a></h2><time datetime="2030-05-01">1.5.2030</time></article><article><h2><a href="/blog/b">Alt</a></h2><time datetime="1990-05-01">1.5.1990</time></article>');
    const posts = facts(html, 'https://www.example-praxis.de/blog/').filter((f) => f.kind === 'blog_post');
    expect(posts.map((p) => [p.value, p.detail?.date])).toEqual([
      ['Termin', undefined],
      ['Alt', undefined],
    ]);
  });
});

describe('hunter inspect shows the dates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hunter-dates-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the latest date, every signal and what was rejected, with codes', async () => {
    const file = join(dir, 'post.html');
    writeFileSync(file, page('<article><h1>Neue Räume</h1><time datetime="2025-09-15">15. September 2025</time></article><footer>© 1998 Praxis</footer>', '<meta property="article:modified_time" content="2099-01-01T00:00:00Z">'));
    const r = await inspectPage(file, { baseUrl: 'https://www.example-praxis.de/aktuelles/neue-raeume/', now: () => NOW });
    expect(r.dates.latest).toMatchObject({ day: '2025-09-15', source: 'time.datetime' });
    expect(r.dates.day_order).toBe('dmy');
    expect(r.dates.rejected.map((x) => x.code).sort()).toEqual(['COPYRIGHT_STALE', 'DATE_IN_FUTURE']);
    expect(r.facts.find((f) => f.kind === 'content_freshness')).toMatchObject({ value: '2025-09-15', method: 'text', detail: { source: 'time.datetime', latest: true } });
  });
});

describe('real saved pages with known dates (tests/fixtures/dated-pages)', () => {
  const pages = loadManifest().filter((p) => !p.doubtful && p.precision === 'day');

  it('finds the expected latest day on at least 80% of the pages, and gives a wrong one on at most 10% of those it dates', () => {
    const s = score(pages, currentAnswer);
    expect(s.pages).toBeGreaterThanOrEqual(18);
    expect(s.correct / s.pages).toBeGreaterThanOrEqual(0.8);
    expect(s.wrong / s.found).toBeLessThanOrEqual(0.1);
  });

  it('gives every page date a signal, and keeps every one inside the sanity window', () => {
    for (const p of loadManifest()) {
      const d = findPageDates({ page: parsePage(pageHtml(p), p.url), now: BENCH_NOW });
      for (const s of d.signals) {
        expect(s.source, p.file).toMatch(/^(json_ld|meta|microdata|time|abbr|element|url|text|copyright|sitemap|http)/);
        expect(s.day >= '1995-01-01' && Date.parse(s.day) <= BENCH_NOW.getTime(), `${p.file}: ${s.day}`).toBe(true);
      }
    }
  });

  it('a live blog footer "© 2006-2034" is kept out as DATE_IN_FUTURE, and the post keeps its own date', () => {
    const p = loadManifest().find((x) => x.file === 'jovelstefan.de.parken.html')!;
    const d = findPageDates({ page: parsePage(pageHtml(p), p.url), now: BENCH_NOW });
    expect(d.rejected).toContainEqual(expect.objectContaining({ source: 'copyright', date: '2034-01-01', code: 'DATE_IN_FUTURE' }));
    expect(d.latest?.day).toBe('2012-05-11');
  });
});

describe('the page as one entry of a list, and readers comments', () => {
  it('dates a post whose theme prints it as a list entry: the heading that links to the page itself is its headline', () => {
    const url = 'https://www.example-verein.org/guinee-un-braconnier/';
    const html = page(
      `<h1>The Blog</h1><p>${'Notre mission : la protection de la faune. '.repeat(12)}</p><div class="sidebar_content"><div class="post_wrapper"><h3><a href="${url}">Guinée : un braconnier condamné</a></h3>
       <div class="post_detail"><div class="post_detail_item">27 Sep 2016</div></div><p>Texte de l'article.</p></div></div>`,
      '',
      'fr',
    );
    expect(dates(html, url).latest?.day).toBe('2016-09-27');
  });

  it('keeps the banner h1 out when a self-linking heading is not there: no date is made up', () => {
    const html = page('<h1>The Blog</h1><div class="post"><h3><a href="/other-post/">Another post</a></h3><p>No date here.</p></div>');
    expect(dates(html, 'https://www.example-verein.org/this-post/').latest).toBeUndefined();
  });

  it("does not take readers' comments (article.comment in #comments) for posts: a newer comment is not the page's change", () => {
    const url = 'https://blog.example.org/the-first-decade/';
    const html = page(
      `<article class="post"><h1>The First Decade</h1><time datetime="2019-07-13T13:52:31+02:00">13 Jul 2019</time><p>Text.</p></article>
       <div id="comments" class="comments-area"><ol class="commentlist">
         <li><article id="comment-1" class="comment"><footer><a href="${url}#comment-1"><time datetime="2019-08-01T02:35:08+02:00">1 Aug 2019</time></a></footer><p>Congratulations!</p></article></li>
         <li><article id="comment-2" class="comment"><footer><a href="${url}#comment-2"><time datetime="2019-08-01T02:57:45+02:00">1 Aug 2019</time></a></footer><p>Well done.</p></article></li>
       </ol></div>`,
      '',
      'en',
    );
    const fs = facts(html, url);
    expect(fs.filter((f) => f.kind === 'blog_post').map((f) => f.detail?.url)).not.toContain(`${url}#comment-1`);
    expect(lastUpdated(fs, url)?.value).toBe('2019-07-13');
  });
});
