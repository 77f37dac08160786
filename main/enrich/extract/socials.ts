import type { FactInput, FactMethod } from '../../core/domain';
import { listOf } from '../html-page';
import { fact, type ExtractContext } from './context';

export type SocialNetwork = 'linkedin' | 'facebook' | 'instagram' | 'x' | 'youtube' | 'tiktok' | 'xing' | 'pinterest';

export interface SocialProfile {
  network: SocialNetwork;
  handle: string;
  url: string;
}

const NOT_PROFILES: Record<string, RegExp> = {
  facebook: /^(sharer|share|dialog|plugins|tr|login|policy|policies|help|privacy|legal|watch|events|hashtag|photo|photos|story\.php|permalink\.php|l\.php)$/i,
  instagram: /^(p|reel|reels|explore|accounts|stories|tv|direct|about|legal)$/i,
  x: /^(intent|share|home|search|hashtag|i|login|signup|privacy|tos|settings|explore)$/i,
  pinterest: /^(pin|search|ideas|_|today)$/i,
};

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A link → the profile it points at, or null for share buttons, posts and the networks' own pages. */
export function socialProfile(href: string): SocialProfile | null {
  let u: URL;
  try {
    u = new URL(href.startsWith('//') ? `https:${href}` : href);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const host = u.hostname.toLowerCase().replace(/^(www|m|mobile|de|fr|es|it|uk|in|nl|business)\./, '');
  const seg = u.pathname.split('/').filter(Boolean).map(safeDecode);
  const first = seg[0] ?? '';
  const mk = (network: SocialNetwork, handle: string, path: string): SocialProfile => ({ network, handle, url: `https://${path}` });
  if (host === 'linkedin.com') {
    if (['company', 'in', 'school', 'showcase'].includes(first) && seg[1]) return mk('linkedin', seg[1], `www.linkedin.com/${first}/${seg[1]}`);
    return null;
  }
  if (host === 'facebook.com' || host === 'fb.com') {
    if (first === 'profile.php') {
      const id = u.searchParams.get('id');
      return id ? mk('facebook', id, `www.facebook.com/profile.php?id=${id}`) : null;
    }
    if (first === 'pages' && seg.length >= 2) return mk('facebook', seg[seg.length - 1]!, `www.facebook.com/${seg.join('/')}`);
    if (!first || NOT_PROFILES.facebook!.test(first)) return null;
    return mk('facebook', first, `www.facebook.com/${first}`);
  }
  if (host === 'instagram.com') {
    if (!first || NOT_PROFILES.instagram!.test(first)) return null;
    return mk('instagram', first, `www.instagram.com/${first}`);
  }
  if (host === 'twitter.com' || host === 'x.com') {
    if (!first || NOT_PROFILES.x!.test(first) || !/^\w{1,15}$/.test(first)) return null;
    return mk('x', first, `x.com/${first}`);
  }
  if (host === 'youtube.com') {
    if (first.startsWith('@')) return mk('youtube', first, `www.youtube.com/${first}`);
    if (['channel', 'c', 'user'].includes(first) && seg[1]) return mk('youtube', seg[1], `www.youtube.com/${first}/${seg[1]}`);
    return null;
  }
  if (host === 'tiktok.com') return first.startsWith('@') ? mk('tiktok', first, `www.tiktok.com/${first}`) : null;
  if (host === 'xing.com') {
    if (['pages', 'profile', 'companies'].includes(first) && seg[1]) return mk('xing', seg[1], `www.xing.com/${first}/${seg[1]}`);
    return null;
  }
  if (host === 'pinterest.com' || /^pinterest\.[a-z.]+$/.test(host)) {
    if (!first || NOT_PROFILES.pinterest!.test(first)) return null;
    return mk('pinterest', first, `www.pinterest.com/${first}`);
  }
  return null;
}

/** Social profiles linked from a page or listed in JSON-LD `sameAs`. */
export function extractSocials(ctx: ExtractContext): FactInput[] {
  const seen = new Map<string, { p: SocialProfile; method: FactMethod }>();
  const add = (href: string, method: FactMethod) => {
    const p = socialProfile(href);
    if (p && !seen.has(p.url.toLowerCase())) seen.set(p.url.toLowerCase(), { p, method });
  };
  for (const node of ctx.page.jsonLd) for (const v of listOf(node.sameAs)) if (typeof v === 'string') add(v, 'json_ld');
  for (const link of ctx.page.links) add(link.href, 'link');
  return [...seen.values()].map(({ p, method }) => fact(ctx, 'social', p.url, method, 0.9, { network: p.network, handle: p.handle }));
}
