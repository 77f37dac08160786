import { useState } from 'react';
import type { KeywordExpansionView } from '../../../preload/contract';
import { BridgeError, call } from '../bridge';

type Suggestion = KeywordExpansionView['suggestions'][number];

const ORIGIN: Record<Suggestion['origin'], string> = { yours: 'yours', table: 'from the table', model: 'from the model, checked' };

/**
 * Keyword expansion before a run (issue 12): the bundled table's synonyms and categories for the rep's
 * words (and a model's, when Groq is set up, each checked), shown as a list to tick; nothing is added to
 * the agent until the rep adds the ones they want.
 */
export function KeywordSuggestions({ keywords, location, onAdd }: { keywords: string[]; location: string; onAdd: (k: string[]) => void }) {
  const [result, setResult] = useState<KeywordExpansionView | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const have = new Set(keywords.map((k) => k.toLowerCase()));
  const fresh = (result?.suggestions ?? []).filter((s) => s.origin !== 'yours' && !have.has(s.keyword.toLowerCase()));

  const suggest = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('agents:expand-keywords', { keywords: keywords.slice(0, 20), ...(location.trim() ? { location: location.trim() } : {}) });
      setResult(r);
      // Nothing starts ticked: each keyword is another search (and its cost), so the rep chooses every one.
      setPicked(new Set());
    } catch (err) {
      setError(err instanceof BridgeError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: String(err) });
    } finally {
      setBusy(false);
    }
  };
  const toggle = (k: string) =>
    setPicked((p) => {
      const n = new Set(p);
      if (n.has(k)) n.delete(k);
      else n.add(k);
      return n;
    });
  const chosen = fresh.filter((s) => picked.has(s.keyword)).map((s) => s.keyword);

  return (
    <div className="stack" style={{ gap: 6 }}>
      <div className="row">
        <button type="button" className="btn" onClick={() => void suggest()} disabled={busy || keywords.length === 0}>
          {busy ? 'Looking…' : 'Suggest more keywords'}
        </button>
        {keywords.length === 0 && <span className="small muted">Add a keyword first.</span>}
      </div>
      {error && (
        <p role="alert" className="small">
          {error.message} ({error.code})
        </p>
      )}
      {result && (
        <section className="panel stack" style={{ gap: 6 }} aria-label="Keyword suggestions">
          {fresh.length > 0 ? (
            <>
              <p className="small muted">
                {result.industries.length > 0 ? `For ${result.industries.join(', ')}: ` : ''}tick the ones these businesses call themselves, then add them.
              </p>
              <ul className="keyword-suggestions" aria-label="Suggested keywords">
                {fresh.map((s) => (
                  <li key={s.keyword}>
                    <label className="row">
                      <input type="checkbox" checked={picked.has(s.keyword)} onChange={() => toggle(s.keyword)} />
                      <span>{s.keyword}</span>
                      <span className="small muted">
                        {s.kind === 'category' ? 'a category, ' : ''}
                        {ORIGIN[s.origin]}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
              <div className="row">
                <button
                  type="button"
                  className="btn primary"
                  disabled={chosen.length === 0}
                  onClick={() => {
                    onAdd(chosen);
                    setResult(null);
                  }}
                >
                  Add {chosen.length} keyword{chosen.length === 1 ? '' : 's'}
                </button>
                <button type="button" className="btn" onClick={() => setResult(null)}>
                  Close
                </button>
              </div>
            </>
          ) : (
            <p className="small">Nothing to add: the table knows no other words for these.</p>
          )}
          {result.unknown.length > 0 && <p className="small muted">Not in the table, kept as you wrote them: {result.unknown.join(', ')}.</p>}
          {result.model.asked && result.model.error && (
            <p className="small muted">
              The model could not be asked ({result.model.error.code}): {result.model.error.message} The table's suggestions are above.
            </p>
          )}
          {result.model.asked && !result.model.error && <p className="small muted">{result.model.model} proposed {result.model.added} more, each checked before it is shown.</p>}
          {result.rejected.length > 0 && (
            <details className="small">
              <summary>{result.rejected.length} proposal(s) left out</summary>
              <ul>
                {result.rejected.map((r) => (
                  <li key={r.keyword}>
                    {r.keyword}: {r.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
      )}
    </div>
  );
}
