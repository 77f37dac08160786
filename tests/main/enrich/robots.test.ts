import { describe, expect, it } from 'vitest';
import { parseRobots } from '../../../main/enrich/robots';
import { classifyLink, parseSitemap } from '../../../main/enrich/site-map';

describe('robots.txt (RFC 9309)', () => {
  it('uses the group naming our product token over *, longest match wins, allow wins a tie', () => {
    const r = parseRobots(`
# comment
User-agent: *
Disallow: /

User-agent: Googlebot
User-agent: TheHunter
Disallow: /private/
Allow: /private/press/
Disallow: /*.pdf$
Allow: /tie
Disallow: /tie
Crawl-delay: 2

Sitemap: https://example.com/sitemap.xml
`);
    expect(r.isAllowed('/')).toBe(true);
    expect(r.isAllowed('/private/x')).toBe(false);
    expect(r.isAllowed('/private/press/release')).toBe(true);
    expect(r.isAllowed('/files/a.pdf')).toBe(false);
    expect(r.isAllowed('/files/a.pdf?x=1')).toBe(true);
    expect(r.isAllowed('/tie')).toBe(true);
    expect(r.isAllowed('https://example.com/private/y')).toBe(false);
    expect(r.crawlDelaySec).toBe(2);
    expect(r.sitemaps).toEqual(['https://example.com/sitemap.xml']);
  });

  it('falls back to *, and an empty Disallow allows everything', () => {
    expect(parseRobots('User-agent: *\nDisallow: /admin\n').isAllowed('/admin/x')).toBe(false);
    expect(parseRobots('User-agent: *\nDisallow:\n').isAllowed('/anything')).toBe(true);
    expect(parseRobots('User-agent: OtherBot\nDisallow: /\n').isAllowed('/')).toBe(true);
    expect(parseRobots('').isAllowed('/')).toBe(true);
    // A prefix of our token is not our token.
    expect(parseRobots('User-agent: The\nDisallow: /\n').isAllowed('/')).toBe(true);
  });

  it('compares percent-encoded and plain paths alike, and always allows /robots.txt', () => {
    const r = parseRobots('User-agent: *\nDisallow: /~joe/\nDisallow: /\n');
    expect(r.isAllowed('/%7Ejoe/index.html')).toBe(false);
    expect(r.isAllowed('/robots.txt')).toBe(true);
  });

  it('reads a huge or binary file without trouble', () => {
    const r = parseRobots(`User-agent: *\n${'Disallow: /x\n'.repeat(100_000)}\u0000\u0001garbage`);
    expect(r.isAllowed('/x/1')).toBe(false);
    expect(r.isAllowed('/y')).toBe(true);
  });
});

describe('sitemaps and links', () => {
  it('reads urlsets, sitemap indexes and plain lists', () => {
    const set = parseSitemap(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc> https://a.com/ </loc><lastmod>2025-01-02</lastmod></url><url><loc>https://a.com/b</loc><lastmod>not a date</lastmod></url><url><loc>javascript:x</loc></url></urlset>`);
    expect(set.urls).toEqual([{ loc: 'https://a.com/', lastmod: '2025-01-02' }, { loc: 'https://a.com/b' }]);
    const index = parseSitemap(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://a.com/post-sitemap.xml</loc></sitemap></sitemapindex>`);
    expect(index.sitemaps).toEqual([{ loc: 'https://a.com/post-sitemap.xml' }]);
    expect(parseSitemap('https://a.com/x\nnot a url\nhttps://a.com/y').urls.map((u) => u.loc)).toEqual(['https://a.com/x', 'https://a.com/y']);
  });

  it('classifies links by path and text, in several languages', () => {
    const k = (path: string, text = '') => classifyLink(new URL(path, 'https://a.com'), text);
    expect(k('/')).toBe('home');
    expect(k('/kontakt/')).toBe('contact');
    expect(k('/impressum')).toBe('imprint');
    expect(k('/mentions-legales')).toBe('imprint');
    expect(k('/ueber-uns/')).toBe('about');
    expect(k('/unser-team/')).toBe('team');
    expect(k('/page', 'Contact us')).toBe('contact');
    expect(k('/blog/')).toBe('blog');
    expect(k('/blog/my-first-post/')).toBe('blog_post');
    expect(k('/2024/05/title/')).toBe('blog_post');
    expect(k('/files/kontakt.pdf')).toBeNull();
    expect(k('/products/widgets')).toBeNull();
  });
});
