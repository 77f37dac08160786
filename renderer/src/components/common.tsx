import type { ReactNode } from 'react';
import type { FactView, ScoreBreakdownView, Tier } from '../../../preload/contract';
import { EMAIL_STATUS_LABEL, formatPercent, formatScore, label, STATUS_LABEL, TIER_LABEL } from '../lib/format';

export function TierTag({ tier }: { tier: Tier | null }) {
  if (!tier) return <span className="tag plain">Not scored</span>;
  return <span className={`tag ${tier}`}>{tier === 'gold' ? '★ ' : tier === 'silver' ? '☆ ' : ''}{TIER_LABEL[tier]}</span>;
}

export function StatusTag({ status }: { status: string }) {
  const kind = status === 'approved' || status === 'exported' || status === 'completed' ? 'ok' : status === 'rejected' || status === 'failed' ? 'danger' : 'plain';
  return <span className={`tag ${kind}`}>{label(STATUS_LABEL, status)}</span>;
}

export function EmailStatus({ status }: { status: string | null }) {
  if (!status) return null;
  return <span className={`tag ${status === 'guessed_unverified' ? 'danger' : 'plain'}`}>{label(EMAIL_STATUS_LABEL, status)}</span>;
}

const PARTS: Array<[keyof ScoreBreakdownView, string]> = [
  ['business_maturity', 'Business maturity'],
  ['intent_signals', 'Intent signals'],
  ['fit_match', 'Fit'],
];

export function ScoreBreakdown({ score, breakdown, scoredBy }: { score: number | null; breakdown: ScoreBreakdownView | null; scoredBy?: string | null }) {
  return (
    <section aria-label="Score breakdown" className="stack" style={{ gap: 8 }}>
      <div className="spread">
        <h3>Score</h3>
        <span className="small muted">{formatScore(score)}{scoredBy ? ` · ${scoredBy}` : ''}</span>
      </div>
      {breakdown ? (
        <div className="bars">
          {PARTS.map(([key, name]) => (
            <div className="bar-row" key={key}>
              <span>{name}</span>
              <div className="bar" role="meter" aria-label={name} aria-valuemin={0} aria-valuemax={1} aria-valuenow={breakdown[key]}>
                <span style={{ width: `${Math.round(Math.max(0, Math.min(1, breakdown[key])) * 100)}%` }} />
              </div>
              <span className="num">{formatPercent(breakdown[key])}</span>
            </div>
          ))}
        </div>
      ) : (
        <p className="muted small">Not scored yet.</p>
      )}
    </section>
  );
}

/** The value a fact shows (a blog post's title rather than its URL). */
export function factText(f: FactView): string {
  const title = f.detail && typeof f.detail.title === 'string' ? f.detail.title : null;
  return title ?? f.value;
}

const METHOD_LABEL: Record<string, string> = {
  csv: 'from the imported CSV', google_maps: 'from Google Maps', osm: 'from OpenStreetMap', mailto: 'mailto link on the site',
  text: 'text of the site', obfuscated: 'obfuscated address on the site', cloudflare: 'Cloudflare-protected address', json_ld: 'structured data on the site',
  tel: 'phone link on the site', meta: 'page metadata', link: 'link on the site', fingerprint: 'site technology fingerprint', sitemap: 'sitemap',
  heading: 'page heading', copyright: 'copyright line', pattern_guess: 'guessed from the name pattern', paid_finder: 'paid finder', derived: 'derived',
};

/** A link out of the app: main's window-open rule lets only https: and mailto: through, to the OS. */
export function SourceLink({ url }: { url: string | null }) {
  if (!url) return <span className="muted small">no link</span>;
  const safe = /^https:\/\//i.test(url) || /^mailto:/i.test(url);
  if (!safe) return <span className="muted small" title={url}>{url.length > 60 ? `${url.slice(0, 57)}…` : url}</span>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" className="small" title={url}>
      {url.replace(/^https:\/\//i, '').slice(0, 60)}
    </a>
  );
}

export function FactList({ facts, mentioned, terms }: { facts: FactView[]; mentioned?: Set<number>; terms?: string[] }) {
  if (facts.length === 0) return <p className="muted small">No facts yet. Enrichment adds them with their sources.</p>;
  return (
    <ul className="facts" aria-label="Facts">
      {facts.map((f) => {
        const text = factText(f);
        const idx = terms ? terms.findIndex((t) => t.toLowerCase() === text.trim().toLowerCase()) : -1;
        const isMentioned = idx >= 0 && !!mentioned?.has(idx);
        const status = f.kind === 'email' && f.detail && typeof f.detail.status === 'string' ? f.detail.status : null;
        return (
          <li key={f.id} className={`fact${isMentioned ? ' mentioned' : ''}`} data-mentioned={isMentioned ? 'true' : undefined}>
            <div className="spread">
              <span className="kind">{f.kind.replace(/_/g, ' ')}</span>
              {isMentioned && <span className="tag plain">In the message</span>}
            </div>
            <span className="value">{text}</span>
            <div className="row wrap small muted">
              <span>{METHOD_LABEL[f.method] ?? f.method}</span>
              <span>· {formatPercent(f.confidence)} sure</span>
              {status && <EmailStatus status={status} />}
            </div>
            <SourceLink url={f.source_url} />
          </li>
        );
      })}
    </ul>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty" role="status">
      <strong>{title}</strong>
      {children}
    </div>
  );
}
