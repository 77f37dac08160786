/**
 * robots.txt as RFC 9309 defines it: groups of user-agent lines with allow/disallow rules; the group naming
 * our product token wins over `*`; within it the longest matching rule wins, and allow wins a tie; `*` and
 * `$` are wildcards. Crawl-delay and Sitemap are read too (common extensions).
 */

interface Rule {
  allow: boolean;
  pattern: string;
  regex: RegExp;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelaySec?: number;
}

export interface Robots {
  isAllowed(pathOrUrl: string): boolean;
  /** Seconds between requests the site asks for, if any. */
  crawlDelaySec: number | undefined;
  sitemaps: string[];
  /** Set when robots.txt could not be read (5xx) and everything is off limits for that reason. */
  unavailable?: boolean;
}

/** The crawler's product token, matched case-insensitively against user-agent lines. */
export const ROBOTS_AGENT = 'TheHunter';

function toRegex(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`);
}

/** Percent-encoding differences must not change the verdict ("/a%7Eb" = "/a~b"). */
function normalisePath(p: string): string {
  return p.replace(/%[0-9a-f]{2}/gi, (m) => {
    const c = String.fromCharCode(parseInt(m.slice(1), 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : m.toUpperCase();
  });
}

export function parseRobots(text: string, agent = ROBOTS_AGENT): Robots {
  const groups: Group[] = [];
  const sitemaps: string[] = [];
  let current: Group | null = null;
  let lastWasAgent = false;
  // RFC 9309 asks parsers to read at least 500 KiB; more than that is ignored.
  for (const rawLine of text.slice(0, 512 * 1024).split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const m = line.match(/^([A-Za-z-]+)\s*:\s*(.*)$/);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    if (key === 'sitemap') {
      if (value) sitemaps.push(value);
      continue;
    }
    lastWasAgent = false;
    if (!current) continue;
    if (key === 'allow' || key === 'disallow') {
      // An empty disallow allows everything; it adds no rule.
      if (!value) continue;
      const pattern = normalisePath(value);
      current.rules.push({ allow: key === 'allow', pattern, regex: toRegex(pattern) });
    } else if (key === 'crawl-delay') {
      const n = Number(value);
      if (Number.isFinite(n) && n >= 0) current.crawlDelaySec = n;
    }
  }
  const token = agent.toLowerCase();
  let matching = groups.filter((g) => g.agents.some((a) => a !== '*' && a.replace(/\/.*$/, '').trim() === token));
  if (matching.length === 0) matching = groups.filter((g) => g.agents.includes('*'));
  // Several groups for the same agent are combined into one.
  const rules = matching.flatMap((g) => g.rules);
  const crawlDelaySec = matching.map((g) => g.crawlDelaySec).find((d) => d !== undefined);
  return {
    crawlDelaySec,
    sitemaps,
    isAllowed(pathOrUrl: string): boolean {
      let path = pathOrUrl;
      if (/^https?:\/\//i.test(pathOrUrl)) {
        const u = new URL(pathOrUrl);
        path = u.pathname + u.search;
      }
      path = normalisePath(path || '/');
      if (path === '/robots.txt') return true;
      let best: Rule | undefined;
      for (const r of rules) {
        if (!r.regex.test(path)) continue;
        if (!best || r.pattern.length > best.pattern.length || (r.pattern.length === best.pattern.length && r.allow && !best.allow)) best = r;
      }
      return best ? best.allow : true;
    },
  };
}

/** No robots.txt (4xx): everything may be read. */
export const ALLOW_ALL: Robots = { isAllowed: () => true, crawlDelaySec: undefined, sitemaps: [] };
/** robots.txt unreachable (5xx, network): RFC 9309 says assume complete disallow. */
export const DISALLOW_ALL: Robots = { isAllowed: (p: string) => p === '/robots.txt' || p.endsWith('/robots.txt'), crawlDelaySec: undefined, sitemaps: [], unavailable: true };
