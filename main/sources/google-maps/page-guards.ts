import type { Page } from 'playwright-core';
import { HunterError } from '../../core/errors';

const CONSENT_FORM = 'form[action*="consent.google"]';
const CAPTCHA_SELECTORS = ['form#captcha-form', '#recaptcha', 'div.g-recaptcha', 'iframe[src*="recaptcha"]', 'iframe[title*="reCAPTCHA"]'];
const ACCEPT_TEXT = /accept|agree|akzeptieren|zustimmen|accepter|tout accepter|aceptar|accetta|aceitar|accepteren|zaakceptuj|godkänn|accepter alle|hyväksy|souhlasím|elfogad/i;

/** Google's block pages: `/sorry/` (unusual traffic) or a captcha. Retrying at once only deepens the block. */
export async function assertNotBlocked(page: Page, status?: number): Promise<void> {
  const url = page.url();
  if (/\/sorry\//.test(url)) {
    throw new HunterError('BLOCKED', 'Google Maps shows its "unusual traffic" page (/sorry/): searching paused. Wait an hour or more, search less at once, or use OpenStreetMap meanwhile.');
  }
  if (status === 429) {
    throw new HunterError('BLOCKED', 'Google Maps answered "too many requests" (429): searching paused. Wait before trying again.');
  }
  for (const sel of CAPTCHA_SELECTORS) {
    if (await page.$(sel)) {
      throw new HunterError('BLOCKED', 'Google Maps asks for a captcha: searching paused. Open Google Maps in your own browser once, solve it, and try again later.');
    }
  }
}

export async function isConsentPage(page: Page): Promise<boolean> {
  if (/^https?:\/\/consent\./.test(page.url())) return true;
  return (await page.$(CONSENT_FORM)) !== null;
}

/**
 * Answers the EU consent page (`form[action*="consent.google"]`) with "accept all", the answer that lets
 * Maps load normally, and waits until the page moves on.
 */
export async function acceptConsent(page: Page, timeoutMs = 15_000): Promise<void> {
  const before = page.url();
  const index = await page.$$eval(
    CONSENT_FORM,
    (forms, acceptSource) => {
      const accept = new RegExp(acceptSource, 'i');
      // Google's two forms differ by a hidden field: the "accept all" one carries set_eom=false.
      let best = -1;
      let bestScore = -1;
      forms.forEach((form, i) => {
        let score = 0;
        const eom = form.querySelector('input[name="set_eom"]') as HTMLInputElement | null;
        if (eom && eom.value === 'false') score += 2;
        const button = form.querySelector('button, input[type="submit"]') as HTMLElement | null;
        const label = `${button?.getAttribute('aria-label') ?? ''} ${button?.textContent ?? ''} ${(button as HTMLInputElement | null)?.value ?? ''}`;
        if (accept.test(label)) score += 3;
        if (score > bestScore) {
          best = i;
          bestScore = score;
        }
      });
      return best;
    },
    ACCEPT_TEXT.source,
  );
  if (index < 0) throw new HunterError('BLOCKED', 'Google shows a consent page that could not be answered automatically. Open Google Maps in your browser once and accept, then try again.');
  const forms = await page.$$(CONSENT_FORM);
  const button = await forms[index]!.$('button, input[type="submit"]');
  const navigated = page.waitForURL((u) => u.toString() !== before, { timeout: timeoutMs, waitUntil: 'domcontentloaded' });
  if (button) await button.click();
  else await forms[index]!.evaluate((f) => (f as HTMLFormElement).submit());
  try {
    await navigated;
  } catch (err) {
    throw new HunterError('TIMEOUT', 'The consent page did not move on after accepting.', { cause: err });
  }
}
