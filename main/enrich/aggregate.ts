import type { FactInput, Lead } from '../core/domain';
import { classifyEmail, normaliseEmail, type KnownPerson } from '../core/email-class';
import { dayOf, notInFuture } from './extract/dates';
import { BLOG_PATH } from './extract/freshness';
import type { SitemapEntry } from './site-map';

function keyOf(f: FactInput): string {
  const v = f.kind === 'email' ? f.value.toLowerCase() : f.kind === 'person' ? f.value.toLowerCase().replace(/^(dr|prof|mr|mrs|ms|herr|frau)\.?\s+/g, '') : f.value.toLowerCase().trim();
  return `${f.kind}|${v}`;
}

/**
 * One fact per thing learned: the same e-mail on five pages is one fact from its most trustworthy page,
 * slightly more confident for being repeated, with the other pages' count; a person keeps the role any page gave.
 */
export function mergeFacts(facts: readonly FactInput[]): FactInput[] {
  const byKey = new Map<string, { best: FactInput; pages: Set<string>; role?: unknown }>();
  for (const f of facts) {
    const k = keyOf(f);
    const cur = byKey.get(k);
    const page = f.source_url ?? '';
    if (!cur) {
      byKey.set(k, { best: f, pages: new Set([page]), role: f.detail?.role });
      continue;
    }
    cur.pages.add(page);
    if (f.confidence > cur.best.confidence) cur.best = f;
    cur.role ??= f.detail?.role;
  }
  return [...byKey.values()].map(({ best, pages, role }) => {
    const out: FactInput = { ...best, detail: best.detail ? { ...best.detail } : undefined };
    if (pages.size > 1) {
      out.confidence = Math.min(0.99, out.confidence + 0.05);
      out.detail = { ...out.detail, pages: pages.size };
    }
    if (out.kind === 'person' && role && !out.detail?.role) out.detail = { ...out.detail, role };
    return out;
  });
}

export function peopleOf(facts: readonly FactInput[]): (KnownPerson & { name: string; role?: string })[] {
  return facts
    .filter((f) => f.kind === 'person')
    .map((f) => ({
      name: f.value,
      first_name: typeof f.detail?.first_name === 'string' ? f.detail.first_name : undefined,
      last_name: typeof f.detail?.last_name === 'string' ? f.detail.last_name : undefined,
      role: typeof f.detail?.role === 'string' ? f.detail.role : undefined,
    }));
}

/** With the site's people known, an address like "a.huber@" is recognised as Anna Huber's. */
export function reclassifyEmails(facts: FactInput[]): FactInput[] {
  const people = peopleOf(facts);
  return facts.map((f) => {
    if (f.kind !== 'email' || f.method === 'paid_finder' || f.method === 'pattern_guess') return f;
    const cls = classifyEmail(f.value, people);
    const owner = people.find((p) => matchesPerson(f.value, p));
    const detail: Record<string, unknown> = { ...f.detail, class: cls };
    if (owner) detail.person = owner.name;
    return { ...f, detail };
  });
}

function fold(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').toLowerCase().replace(/[^a-z]/g, '');
}

const PATTERNS: Record<string, (first: string, last: string) => string> = {
  '{first}.{last}': (f, l) => `${f}.${l}`,
  '{first}{last}': (f, l) => `${f}${l}`,
  '{f}.{last}': (f, l) => `${f[0]}.${l}`,
  '{f}{last}': (f, l) => `${f[0]}${l}`,
  '{first}_{last}': (f, l) => `${f}_${l}`,
  '{first}-{last}': (f, l) => `${f}-${l}`,
  '{last}.{first}': (f, l) => `${l}.${f}`,
  '{first}': (f) => f,
  '{last}': (_f, l) => l,
};

function matchesPerson(email: string, p: KnownPerson): boolean {
  if (!p.first_name || !p.last_name) return false;
  const local = email.split('@')[0]!.toLowerCase();
  const f = fold(p.first_name);
  const l = fold(p.last_name.split(' ').pop() ?? '');
  if (!f || !l) return false;
  return Object.entries(PATTERNS).some(([name, make]) => (name === '{first}' || name === '{last}' ? false : make(f, l) === local));
}

/** The pattern a known personal address follows, e.g. "{f}.{last}" from "a.huber@" and Anna Huber. */
export function learnPattern(facts: readonly FactInput[]): string | undefined {
  const people = peopleOf(facts);
  for (const f of facts) {
    if (f.kind !== 'email' || f.method === 'pattern_guess') continue;
    const local = f.value.split('@')[0]!.toLowerCase();
    for (const p of people) {
      if (!p.first_name || !p.last_name) continue;
      const first = fold(p.first_name);
      const last = fold(p.last_name.split(' ').pop() ?? '');
      for (const [name, make] of Object.entries(PATTERNS)) if (first && last && make(first, last) === local) return name;
    }
  }
  return undefined;
}

/**
 * Guessed addresses for people known by name who have no address of their own: the pattern learned from the
 * site (or Hunter.io's), else first.last. Always labelled guessed_unverified, never shown as found.
 */
export function guessEmails(facts: readonly FactInput[], domain: string, observedAt: string, pattern?: string): FactInput[] {
  const chosen = pattern && PATTERNS[pattern] ? pattern : learnPattern(facts);
  const make = PATTERNS[chosen ?? '{first}.{last}']!;
  const have = new Set(facts.filter((f) => f.kind === 'email').map((f) => f.value.toLowerCase()));
  const out: FactInput[] = [];
  for (const p of peopleOf(facts)) {
    if (!p.first_name || !p.last_name) continue;
    if (facts.some((f) => f.kind === 'email' && matchesPerson(f.value, p))) continue;
    const first = fold(p.first_name);
    const last = fold(p.last_name.split(' ').pop() ?? '');
    if (first.length < 2 || last.length < 2) continue;
    const email = `${make(first, last)}@${domain}`;
    if (have.has(email) || !normaliseEmail(email)) continue;
    have.add(email);
    out.push({
      kind: 'email',
      value: email,
      detail: { class: 'personal', status: 'guessed_unverified', pattern: chosen ?? '{first}.{last}', pattern_source: chosen ? 'learned' : 'default', person: p.name },
      source_url: null,
      method: 'pattern_guess',
      confidence: chosen ? 0.45 : 0.3,
      observed_at: observedAt,
    });
  }
  return out;
}

export type Freshness = 'high' | 'medium' | 'low';

export function freshnessOf(date: string, now: Date): Freshness {
  const days = (now.getTime() - Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date)) / 86_400_000;
  return days <= 90 ? 'high' : days <= 365 ? 'medium' : 'low';
}

/**
 * The site-level summaries: blog activity (how many posts, the latest ones) and when the site was last
 * updated, from every dated signal (sitemap lastmod, JSON-LD and meta dates, posts; the copyright year only
 * when nothing better exists).
 */
export function summarise(facts: readonly FactInput[], sitemap: readonly SitemapEntry[], o: { now: Date; observedAt: string; home: string }): FactInput[] {
  const out: FactInput[] = [];
  const posts = facts.filter((f) => f.kind === 'blog_post');
  const sitemapPosts = sitemap.filter((e) => {
    try {
      const path = new URL(e.loc).pathname;
      return BLOG_PATH.test(path) && path.split('/').filter(Boolean).length >= 2;
    } catch {
      return false;
    }
  });
  const count = Math.max(posts.length, sitemapPosts.length);
  const dated = posts
    .map((p) => ({ title: String(p.detail?.title ?? p.value), date: typeof p.detail?.date === 'string' ? p.detail.date : undefined, url: p.detail?.url }))
    .filter((p) => p.date && notInFuture(p.date, o.now))
    .sort((a, b) => b.date!.localeCompare(a.date!));
  const postDates = [...dated.map((p) => p.date!), ...sitemapPosts.map((e) => e.lastmod).filter((d): d is string => !!d && notInFuture(d, o.now))];
  if (count > 0) {
    const yearAgo = o.now.getTime() - 365 * 86_400_000;
    const recent = new Set<string>();
    for (const p of dated) if (Date.parse(dayOf(p.date!)) >= yearAgo) recent.add(String(p.url ?? p.title));
    for (const e of sitemapPosts) if (e.lastmod && Date.parse(dayOf(e.lastmod)) >= yearAgo) recent.add(e.loc);
    const latest = postDates.sort().pop();
    out.push({
      kind: 'blog_activity',
      value: latest ? `${count} posts, latest ${dayOf(latest)}` : `${count} posts`,
      detail: { count, latest_posts: dated.slice(0, 5), latest_date: latest ? dayOf(latest) : null, posts_last_365_days: recent.size, counted_from: sitemapPosts.length > posts.length ? 'sitemap' : 'pages' },
      source_url: o.home,
      method: 'derived',
      confidence: 0.8,
      observed_at: o.observedAt,
    });
  }

  const sitemapDates = sitemap.map((e) => e.lastmod).filter((d): d is string => !!d && notInFuture(d, o.now)).sort();
  const latestSitemap = sitemapDates.pop();
  if (latestSitemap) {
    const at = sitemap.find((e) => e.lastmod === latestSitemap)!.loc;
    out.push({ kind: 'content_freshness', value: latestSitemap, detail: { date: latestSitemap, field: 'sitemap lastmod', url: at, urls: sitemap.length }, source_url: at, method: 'sitemap', confidence: 0.8, observed_at: o.observedAt });
  }

  const signals: { date: string; basis: string; url: string | null }[] = [];
  for (const f of facts) {
    if (f.kind === 'content_freshness' && f.method !== 'copyright' && typeof f.detail?.date === 'string') signals.push({ date: f.detail.date, basis: String(f.detail.field ?? f.method), url: f.source_url });
    if (f.kind === 'blog_post' && typeof f.detail?.date === 'string') signals.push({ date: f.detail.date, basis: 'blog post', url: f.source_url });
  }
  if (latestSitemap) signals.push({ date: latestSitemap, basis: 'sitemap lastmod', url: null });
  const copyright = facts.find((f) => f.kind === 'content_freshness' && f.method === 'copyright');
  if (signals.length === 0 && copyright && typeof copyright.detail?.date === 'string') signals.push({ date: copyright.detail.date, basis: 'copyright year', url: copyright.source_url });
  const valid = signals.filter((s) => notInFuture(s.date, o.now)).sort((a, b) => dayOf(b.date).localeCompare(dayOf(a.date)));
  const newest = valid[0];
  if (newest) {
    const date = dayOf(newest.date);
    const freshness = newest.basis === 'copyright year' ? 'low' : freshnessOf(date, o.now);
    out.push({ kind: 'last_updated', value: date, detail: { date, basis: newest.basis, freshness }, source_url: newest.url ?? o.home, method: 'derived', confidence: newest.basis === 'copyright year' ? 0.4 : 0.85, observed_at: o.observedAt });
    // The seed's "content_freshness: high" — one summary level, ranked above the single dated signals.
    out.push({ kind: 'content_freshness', value: freshness, detail: { level: freshness, date, basis: newest.basis }, source_url: newest.url ?? o.home, method: 'derived', confidence: 0.95, observed_at: o.observedAt });
  }
  return out;
}

/** The fields a lead lacks that the facts can fill: the best e-mail (found beats guessed), a named contact. */
export function contactFields(facts: readonly FactInput[]): Partial<Pick<Lead, 'email' | 'phone' | 'first_name' | 'last_name' | 'title'>> {
  const fields: Partial<Pick<Lead, 'email' | 'phone' | 'first_name' | 'last_name' | 'title'>> = {};
  const rank = (f: FactInput) => {
    const status = f.detail?.status;
    if (status === 'guessed_unverified') return -1;
    const cls = f.detail?.class;
    // An address on another business's domain (the agency that built the site) is the last choice.
    const offSite = f.detail?.domain_matches_site === false && cls !== 'webmail' ? -3 : 0;
    return (cls === 'personal' ? 3 : cls === 'role' ? 2 : 1) + f.confidence + (status === 'found_on_site' ? 0.5 : 0) + offSite;
  };
  const email = facts.filter((f) => f.kind === 'email' && f.detail?.status !== 'guessed_unverified').sort((a, b) => rank(b) - rank(a))[0];
  if (email) fields.email = email.value;
  const phone = facts.filter((f) => f.kind === 'phone').sort((a, b) => b.confidence - a.confidence)[0];
  if (phone) fields.phone = phone.value;
  const owner = email && typeof email.detail?.person === 'string' ? email.detail.person : undefined;
  const people = facts.filter((f) => f.kind === 'person').sort((a, b) => Number(b.value === owner) - Number(a.value === owner) || Number(!!b.detail?.role) - Number(!!a.detail?.role) || b.confidence - a.confidence);
  const person = people[0];
  if (person) {
    if (typeof person.detail?.first_name === 'string') fields.first_name = person.detail.first_name;
    if (typeof person.detail?.last_name === 'string') fields.last_name = person.detail.last_name;
    if (typeof person.detail?.role === 'string') fields.title = person.detail.role;
  }
  return fields;
}
