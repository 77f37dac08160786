import type { FactInput } from '../../core/domain';
import { fact, type ExtractContext } from './context';

export interface TechSignature {
  name: string;
  category: 'cms' | 'ecommerce' | 'site_builder' | 'analytics' | 'tag_manager' | 'marketing' | 'framework' | 'library' | 'cdn' | 'chat' | 'booking' | 'payments' | 'fonts';
  /** Patterns on the raw markup (attributes, paths, inline scripts). */
  html?: RegExp[];
  /** Patterns on `<script src>` values. */
  script?: RegExp[];
  /** Pattern on `<meta name="generator">`. */
  generator?: RegExp;
  implies?: string[];
  confidence?: number;
}

/** Fingerprints of what small-business sites are built with (public markers each product leaves in pages). */
export const TECH_SIGNATURES: TechSignature[] = [
  { name: 'WordPress', category: 'cms', generator: /wordpress/i, html: [/\/wp-content\//i, /\/wp-includes\//i, /\/wp-json\//i] },
  { name: 'WooCommerce', category: 'ecommerce', generator: /woocommerce/i, html: [/woocommerce/i, /\/wc-ajax|wc_add_to_cart/i], implies: ['WordPress'] },
  { name: 'Elementor', category: 'site_builder', generator: /elementor/i, html: [/elementor-(kit|section|widget)/i], implies: ['WordPress'] },
  { name: 'Divi', category: 'site_builder', html: [/et_pb_(section|module)|\/themes\/Divi\//i], implies: ['WordPress'] },
  { name: 'Yoast SEO', category: 'marketing', html: [/yoast seo|yoast-schema-graph/i], implies: ['WordPress'], confidence: 0.8 },
  { name: 'Shopify', category: 'ecommerce', html: [/cdn\.shopify\.com|Shopify\.theme|myshopify\.com/i], script: [/cdn\.shopify\.com/i] },
  { name: 'Shopware', category: 'ecommerce', generator: /shopware/i, html: [/shopware|\/themes\/Frontend\/Responsive\//i] },
  { name: 'Magento', category: 'ecommerce', html: [/Mage\.Cookies|\/static\/version\d+\/frontend\/|data-mage-init/i] },
  { name: 'PrestaShop', category: 'ecommerce', generator: /prestashop/i, html: [/var prestashop\s*=|\/modules\/ps_/i] },
  { name: 'Wix', category: 'site_builder', generator: /wix\.com/i, html: [/static\.wixstatic\.com|wix-warmup-data|_wixCIDX/i] },
  { name: 'Squarespace', category: 'site_builder', generator: /squarespace/i, html: [/static1\.squarespace\.com|Static\.SQUARESPACE_CONTEXT/i] },
  { name: 'Webflow', category: 'site_builder', generator: /webflow/i, html: [/data-wf-(page|site)=|assets\.website-files\.com|webflow\.js/i] },
  { name: 'Jimdo', category: 'site_builder', generator: /jimdo/i, html: [/jimdo(cdn|free)?\.com/i] },
  { name: 'Weebly', category: 'site_builder', html: [/editmysite\.com|weebly\.com/i] },
  { name: 'GoDaddy Website Builder', category: 'site_builder', generator: /Starfield Technologies|GoDaddy Website Builder/i, html: [/img1\.wsimg\.com/i] },
  { name: 'Drupal', category: 'cms', generator: /drupal/i, html: [/Drupal\.settings|drupal-settings-json|\/sites\/(default|all)\/(files|modules|themes)\//i] },
  { name: 'Joomla', category: 'cms', generator: /joomla/i, html: [/\/media\/jui\/|\/components\/com_|\/media\/system\/js\/core\.js/i] },
  { name: 'TYPO3', category: 'cms', generator: /typo3/i, html: [/\/typo3temp\/|\/typo3conf\//i] },
  { name: 'Ghost', category: 'cms', generator: /ghost/i, html: [/ghost-(portal|sdk)|content\/images\/size\//i] },
  { name: 'HubSpot', category: 'marketing', html: [/js\.hs-scripts\.com|js\.hsforms\.net|hs-analytics|hbspt\.forms/i], script: [/hs-scripts\.com|hsforms\.net|hs-analytics\.net/i] },
  { name: 'Mailchimp', category: 'marketing', html: [/chimpstatic\.com|list-manage\.com|mc-embedded-subscribe/i] },
  { name: 'Google Analytics', category: 'analytics', html: [/google-analytics\.com\/(analytics|ga)\.js|gtag\(\s*['"]config['"]\s*,\s*['"](G|UA)-/i, /googletagmanager\.com\/gtag\/js\?id=(G|UA)-/i] },
  { name: 'Google Tag Manager', category: 'tag_manager', html: [/googletagmanager\.com\/gtm\.js|GTM-[A-Z0-9]{4,}/] },
  { name: 'Matomo', category: 'analytics', html: [/matomo\.(js|php)|piwik\.(js|php)|_paq\.push/i] },
  { name: 'Facebook Pixel', category: 'analytics', html: [/connect\.facebook\.net\/[\w_]+\/fbevents\.js|fbq\(\s*['"]init['"]/i] },
  { name: 'Hotjar', category: 'analytics', html: [/static\.hotjar\.com|hjSiteSettings/i] },
  { name: 'React', category: 'framework', html: [/data-reactroot|react-dom(\.production)?(\.min)?\.js|__REACT_DEVTOOLS/i] },
  { name: 'Next.js', category: 'framework', html: [/__NEXT_DATA__|\/_next\/static\//], implies: ['React'] },
  { name: 'Gatsby', category: 'framework', html: [/___gatsby|\/page-data\/app-data\.json/], implies: ['React'] },
  { name: 'Vue.js', category: 'framework', html: [/vue(\.runtime)?(\.global)?(\.prod)?(\.min)?\.js|data-v-[0-9a-f]{8}/i] },
  { name: 'Nuxt', category: 'framework', html: [/__NUXT__|\/_nuxt\//], implies: ['Vue.js'] },
  { name: 'Angular', category: 'framework', html: [/ng-version=|<app-root/i] },
  { name: 'jQuery', category: 'library', html: [/jquery(-\d[\d.]*)?(\.min)?\.js/i], confidence: 0.8 },
  { name: 'Bootstrap', category: 'library', html: [/bootstrap(\.bundle)?(\.min)?\.(css|js)/i], confidence: 0.75 },
  { name: 'Cloudflare', category: 'cdn', html: [/\/cdn-cgi\/|cdnjs\.cloudflare\.com/i], confidence: 0.8 },
  { name: 'Google Fonts', category: 'fonts', html: [/fonts\.googleapis\.com/i], confidence: 0.8 },
  { name: 'Intercom', category: 'chat', html: [/widget\.intercom\.io|intercomSettings/i] },
  { name: 'Zendesk', category: 'chat', html: [/static\.zdassets\.com|zopim/i] },
  { name: 'Tawk.to', category: 'chat', html: [/embed\.tawk\.to/i] },
  { name: 'Calendly', category: 'booking', html: [/assets\.calendly\.com|calendly\.com\/[\w-]+/i] },
  { name: 'Doctolib', category: 'booking', html: [/doctolib\.(fr|de|it)\/[\w-]/i], confidence: 0.8 },
  { name: 'Stripe', category: 'payments', html: [/js\.stripe\.com/i] },
  { name: 'PayPal', category: 'payments', html: [/paypal\.com\/sdk\/js|paypalobjects\.com/i], confidence: 0.8 },
];

const MAX_SCAN = 2 * 1024 * 1024;

/** What the site is built with, each with the evidence that gave it away. */
export function extractTech(ctx: ExtractContext): FactInput[] {
  const html = ctx.page.html.length > MAX_SCAN ? ctx.page.html.slice(0, MAX_SCAN) : ctx.page.html;
  const generator = ctx.page.meta.get('generator') ?? '';
  const found = new Map<string, { sig: TechSignature; evidence: string; confidence: number }>();
  for (const sig of TECH_SIGNATURES) {
    let evidence: string | undefined;
    if (sig.generator && sig.generator.test(generator)) evidence = `meta generator "${generator.slice(0, 80)}"`;
    if (!evidence && sig.script) {
      const src = ctx.page.scriptSrcs.find((s) => sig.script!.some((r) => r.test(s)));
      if (src) evidence = `script ${src.slice(0, 120)}`;
    }
    if (!evidence && sig.html) {
      for (const r of sig.html) {
        const m = html.match(r);
        if (m) {
          evidence = `markup "${m[0].slice(0, 80)}"`;
          break;
        }
      }
    }
    if (evidence) found.set(sig.name, { sig, evidence, confidence: sig.confidence ?? (sig.generator && evidence.startsWith('meta') ? 0.95 : 0.85) });
  }
  for (const { sig } of [...found.values()]) {
    for (const implied of sig.implies ?? []) {
      const target = TECH_SIGNATURES.find((s) => s.name === implied);
      if (target && !found.has(implied)) found.set(implied, { sig: target, evidence: `implied by ${sig.name}`, confidence: 0.8 });
    }
  }
  return [...found.values()].map(({ sig, evidence, confidence }) => fact(ctx, 'tech', sig.name, 'fingerprint', confidence, { category: sig.category, evidence }));
}
