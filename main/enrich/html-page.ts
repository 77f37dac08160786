import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';

/** The parts of a page every extractor reads, parsed once. */
export interface ParsedPage {
  url: URL;
  /** The raw markup, capped (fingerprints look at it). */
  html: string;
  /** Script-free DOM of what a visitor sees: scripts, styles, templates and hidden elements are removed after their data was taken. */
  $: CheerioAPI;
  /** Visible text with line breaks between blocks, so words of neighbouring blocks do not run together. */
  text: string;
  /** Every JSON-LD node, `@graph` and arrays flattened, nested objects included. */
  jsonLd: JsonLdNode[];
  scriptSrcs: string[];
  /** Inline script text, capped; fingerprints and JS detection read it. */
  inlineScripts: string;
  links: { href: string; text: string }[];
  meta: Map<string, string>;
  /** Text outside scripts before removal: how much the page shows without JavaScript. */
  scriptCount: number;
}

export type JsonLdNode = Record<string, unknown>;

/** Limits that keep one hostile page from costing unbounded time. */
const MAX_HTML = 5 * 1024 * 1024;
const MAX_TEXT = 1024 * 1024;
const MAX_INLINE_SCRIPT = 512 * 1024;
const MAX_JSONLD_NODES = 2000;

const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'td', 'th', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'nav',
  'address', 'blockquote', 'dd', 'dt', 'dl', 'form', 'main', 'aside', 'figure', 'figcaption', 'pre', 'hr', 'option', 'label', 'button', 'title',
]);

interface DomNode {
  type: string;
  name?: string;
  data?: string;
  children?: DomNode[];
}

function collectText(root: DomNode): string {
  const out: string[] = [];
  let length = 0;
  // Iterative walk: deeply nested broken markup must not overflow the stack.
  const stack: (DomNode | '\n')[] = [root];
  while (stack.length > 0 && length < MAX_TEXT) {
    const node = stack.pop()!;
    if (node === '\n') {
      out.push('\n');
      continue;
    }
    if (node.type === 'text') {
      out.push(node.data ?? '');
      length += node.data?.length ?? 0;
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'root') continue;
    const block = node.name !== undefined && BLOCK.has(node.name);
    if (block) {
      out.push('\n');
      stack.push('\n');
    }
    const kids = node.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out
    .join('')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim()
    .slice(0, MAX_TEXT);
}

function flattenJsonLd(value: unknown, out: JsonLdNode[], depth = 0): void {
  if (out.length >= MAX_JSONLD_NODES || depth > 12) return;
  if (Array.isArray(value)) {
    for (const v of value) flattenJsonLd(v, out, depth + 1);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const node = value as JsonLdNode;
  out.push(node);
  for (const [k, v] of Object.entries(node)) {
    if (k === '@context') continue;
    if (v && typeof v === 'object') flattenJsonLd(v, out, depth + 1);
  }
}

/** JSON-LD blocks are often slightly broken (trailing commas, control characters); try a lenient reading. */
function parseJsonLd(text: string): unknown {
  const t = text.trim().replace(/^<!\[CDATA\[|\]\]>$/g, '');
  try {
    return JSON.parse(t);
  } catch {
    try {
      return JSON.parse(t.replace(/[\u0000-\u001f]+/g, ' ').replace(/,\s*([}\]])/g, '$1'));
    } catch {
      return undefined;
    }
  }
}

/** Deeper than this, markup is pathological (or hostile); the excess is dropped so no walk can overflow the stack. */
const MAX_DEPTH = 256;

function pruneDepth(root: DomNode): void {
  const stack: [DomNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    const kids = node.children;
    if (!kids || kids.length === 0) continue;
    if (depth >= MAX_DEPTH) {
      kids.length = 0;
      continue;
    }
    for (const k of kids) stack.push([k, depth + 1]);
  }
}

/**
 * Parses HTML with htmlparser2 (linear time even on broken or absurdly nested markup, where a spec
 * tree builder goes quadratic), capped in size and depth.
 */
export function loadHtml(rawHtml: string): CheerioAPI {
  const html = rawHtml.length > MAX_HTML ? rawHtml.slice(0, MAX_HTML) : rawHtml;
  const $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true } });
  pruneDepth($.root()[0] as unknown as DomNode);
  return $;
}

/** Visible text of a loaded document (scripts and styles must already be removed). */
export function visibleText($: CheerioAPI): string {
  return collectText($.root()[0] as unknown as DomNode);
}

const MAX_CSS = 256 * 1024;
const MAX_HIDING_RULES = 200;

const HIDES = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\s*(?:!\s*important\s*)?(?:;|$)/i;
const SHOWS = /(?:^|;)\s*(?:display\s*:\s*(?!none)[a-z-]+|visibility\s*:\s*visible)\s*(?:!\s*important\s*)?(?:;|$)/i;
/** A selector of one element by tag, class and id: what the hiding rules are read for, nothing cleverer. */
const SIMPLE_SELECTOR = /^(?:[a-z][a-z0-9-]*)?(?:[.#][a-z_-][\w-]*)+$/i;

/**
 * The class and id selectors that a page's own `<style>` blocks hide (display:none, visibility:hidden),
 * in cascade order: a later rule that shows the selector again wins, and one shown again inside any
 * @media block is visible on some screen, so it is not hidden text.
 */
export function hiddenSelectors(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, ' ');
  const state = new Map<string, boolean>();
  const shownSomewhere = new Set<string>();
  const apply = (prelude: string, body: string, inMedia: boolean) => {
    const hides = HIDES.test(body);
    const shows = SHOWS.test(body);
    if (!hides && !shows) return;
    for (const raw of prelude.split(',')) {
      const sel = raw.trim();
      if (!SIMPLE_SELECTOR.test(sel)) continue;
      if (inMedia) {
        if (shows) shownSomewhere.add(sel);
      } else state.set(sel, hides && !shows);
    }
  };
  // A flat scan of blocks: `prelude { body }`, at-rules entered once (their own rules are read as "in media").
  const walk = (from: number, to: number, inMedia: boolean) => {
    let i = from;
    while (i < to) {
      const open = text.indexOf('{', i);
      if (open < 0 || open >= to) return;
      const prelude = text.slice(i, open).trim();
      let depth = 1;
      let j = open + 1;
      while (j < to && depth > 0) {
        const c = text[j];
        if (c === '{') depth++;
        else if (c === '}') depth--;
        j++;
      }
      const close = j - 1;
      if (prelude.startsWith('@')) {
        if (/^@(?:media|supports|container|layer)\b/i.test(prelude)) walk(open + 1, close, true);
      } else if (!text.slice(open + 1, close).includes('{')) {
        apply(prelude, text.slice(open + 1, close), inMedia);
      }
      i = j;
    }
  };
  walk(0, text.length, false);
  return [...state.entries()]
    .filter(([sel, hidden]) => hidden && !shownSomewhere.has(sel))
    .map(([sel]) => sel)
    .slice(0, MAX_HIDING_RULES);
}

/**
 * Drops what a visitor never sees, so no extractor turns it into a fact: a phone number planted in a
 * display:none block would otherwise reach the drafts. Hidden by the `hidden` attribute, by aria-hidden,
 * by an inline style, or by a simple class or id rule of the page's own stylesheet. `<html>` and `<body>`
 * stay whatever they say: pages hide them until their scripts have loaded, and their text is the page.
 * `hidden="until-found"` is collapsed content the browser's find reveals, so it stays too.
 */
function removeHidden($: CheerioAPI, selectors: readonly string[]): void {
  const keep = (el: unknown) => {
    const name = (el as { name?: string }).name;
    return name === 'html' || name === 'body';
  };
  const ownStyle = (el: unknown) => String($(el as never).attr('style') ?? '');
  const doomed = new Set<unknown>();
  $('[hidden]').each((_, el) => {
    if (!keep(el) && String($(el).attr('hidden')).toLowerCase() !== 'until-found') doomed.add(el);
  });
  $('[aria-hidden]').each((_, el) => {
    if (!keep(el) && String($(el).attr('aria-hidden')).trim().toLowerCase() === 'true') doomed.add(el);
  });
  $('[style]').each((_, el) => {
    if (!keep(el) && HIDES.test(ownStyle(el))) doomed.add(el);
  });
  for (const sel of selectors) {
    let found;
    try {
      found = $(sel);
    } catch {
      continue;
    }
    found.each((_, el) => {
      // An element's own style attribute outranks the stylesheet.
      if (!keep(el) && !SHOWS.test(ownStyle(el))) doomed.add(el);
    });
  }
  for (const el of doomed) $(el as never).remove();
}

export function parsePage(rawHtml: string, pageUrl: string | URL): ParsedPage {
  const url = typeof pageUrl === 'string' ? new URL(pageUrl) : pageUrl;
  const html = rawHtml.length > MAX_HTML ? rawHtml.slice(0, MAX_HTML) : rawHtml;
  const $ = loadHtml(html);
  const jsonLd: JsonLdNode[] = [];
  $('script[type="application/ld+json" i]').each((_, el) => {
    const parsed = parseJsonLd($(el).text());
    if (parsed !== undefined) flattenJsonLd(parsed, jsonLd);
  });
  const scriptSrcs: string[] = [];
  let inline = '';
  let scriptCount = 0;
  $('script').each((_, el) => {
    scriptCount++;
    const src = $(el).attr('src');
    if (src) scriptSrcs.push(src);
    else if (inline.length < MAX_INLINE_SCRIPT) inline += `${$(el).text().slice(0, MAX_INLINE_SCRIPT - inline.length)}\n`;
  });
  const meta = new Map<string, string>();
  $('meta').each((_, el) => {
    const key = ($(el).attr('name') ?? $(el).attr('property') ?? $(el).attr('itemprop') ?? $(el).attr('http-equiv'))?.toLowerCase();
    const content = $(el).attr('content');
    if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
  });
  const css: string[] = [];
  let cssLength = 0;
  $('style').each((_, el) => {
    if (cssLength >= MAX_CSS) return false;
    const t = $(el).text().slice(0, MAX_CSS - cssLength);
    css.push(t);
    cssLength += t.length;
    return undefined;
  });
  $('script, style, noscript, template, svg, iframe, object, embed').remove();
  removeHidden($, hiddenSelectors(css.join('\n')));
  const links: { href: string; text: string }[] = [];
  $('a[href]').each((_, el) => {
    if (links.length >= 5000) return false;
    const href = $(el).attr('href')!.trim();
    links.push({ href, text: $(el).text().replace(/\s+/g, ' ').trim().slice(0, 200) });
    return undefined;
  });
  const text = collectText($.root()[0] as unknown as DomNode);
  return { url, html, $, text, jsonLd, scriptSrcs, inlineScripts: inline, links, meta, scriptCount };
}

/** `@type` as a list of plain names ("schema:Dentist" → "Dentist"). */
export function typesOf(node: JsonLdNode): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : t === undefined ? [] : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/:#]/, ''));
}

/** A JSON-LD value as text: strings, numbers, `{name}`, `{@value}`, or the first of a list. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    for (const v of value) {
      const t = textOf(v);
      if (t) return t;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return textOf(o['@value']) ?? textOf(o.name);
  }
  return undefined;
}

export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** Plain text of a value that may carry markup or control characters; clipped for storage. */
export function clean(s: string, max = 300): string {
  return s
    .replace(/<[^>]*>/g, ' ')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

/** Resolves a link against the page, http(s) only. */
export function absolute(href: string, base: URL): URL | null {
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}
