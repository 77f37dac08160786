import { HunterError } from '../core/errors';
import { loadHtml, visibleText } from './html-page';
import { launchBrowser, type BrowserSession, type LaunchOptions } from '../browser/launch';

/** Renders a page in a real browser, for sites that show nothing without JavaScript. */
export interface PageRenderer {
  render(url: string): Promise<{ html: string; final_url: string }>;
  close(): Promise<void>;
}

/**
 * "Needs JavaScript": almost no visible text, yet scripts or an empty app root (`#root`, `#__next`, …), or a
 * noscript notice asking to enable JavaScript. Only such pages pay for a browser.
 */
export function needsJavaScript(html: string): boolean {
  const $ = loadHtml(html.length > 2_000_000 ? html.slice(0, 2_000_000) : html);
  const scripts = $('script').length;
  const noscript = $('noscript').text();
  const emptyRoot = $('#root, #app, #__next, #__nuxt, #___gatsby, app-root, [data-reactroot]').filter((_, el) => $(el).text().trim().length < 20).length > 0;
  $('script, style, noscript, template, svg').remove();
  const text = visibleText($).replace(/\s+/g, ' ').trim();
  if (text.length >= 300) return false;
  if (/enable javascript|javascript (is )?(required|disabled)|activate javascript|javascript aktivieren/i.test(noscript)) return true;
  return text.length < 120 && (emptyRoot || scripts >= 2);
}

export interface RendererOptions extends LaunchOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

/** A renderer on the rep's own browser; images, media and fonts are not loaded (only the DOM matters). */
export async function createBrowserRenderer(o: RendererOptions = {}): Promise<PageRenderer> {
  let session: BrowserSession | undefined;
  const timeoutMs = o.timeoutMs ?? 20_000;
  const maxBytes = o.maxBytes ?? 5 * 1024 * 1024;
  const ensure = async () => {
    session ??= await launchBrowser({ ...o, navigationTimeoutMs: timeoutMs });
    return session;
  };
  return {
    async render(url: string) {
      const s = await ensure();
      const page = await s.context.newPage();
      try {
        await page.route('**/*', (route) => {
          const type = route.request().resourceType();
          return type === 'image' || type === 'media' || type === 'font' ? route.abort() : route.continue();
        });
        try {
          await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
          await page.waitForLoadState('networkidle', { timeout: Math.min(5000, timeoutMs) }).catch(() => {
            // A page that keeps polling never goes idle; what it rendered by now is what we read.
          });
        } catch (err) {
          throw new HunterError('TIMEOUT', `${url} did not render within ${timeoutMs} ms in the browser.`, { cause: err });
        }
        const html = await page.content();
        if (html.length > maxBytes) throw new HunterError('PAGE_TOO_LARGE', `${url} rendered to more than ${maxBytes} bytes.`);
        return { html, final_url: page.url() };
      } finally {
        await page.close();
      }
    },
    async close() {
      await session?.close();
      session = undefined;
    },
  };
}
