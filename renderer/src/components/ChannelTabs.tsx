import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ChannelVersionView, DraftDetailView } from '../../../preload/contract';
import { CHANNEL_LABEL, LINK_LABEL, lengthText, type ChatChannel } from '../lib/outreach';
import { useHunter } from '../store';

type Tab = 'email' | ChatChannel;

/**
 * The message as each channel would carry it (issue 16): "E-mail" (the draft itself, `children`) and a tab
 * per chat channel of the agent. A chat tab shows its text as main cut it (whole sentences, never a word
 * cut short), its length against the limit, why it does not fit, what the message check found, Copy and
 * the links that open it. Decisions stay on the e-mail version, and the pane says so.
 */
export function ChannelTabs({ d, children }: { d: DraftDetailView; children: ReactNode }) {
  const s = useHunter(useShallow((st) => ({ entry: st.channelVersions[d.id], all: st.channelVersions, tab: st.channelTab, setTab: st.setChannelTab, load: st.loadChannels })));
  const { load } = s;
  useEffect(() => {
    void load(d.id, d.body);
  }, [load, d.id, d.body]);
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});
  const versions = s.entry?.versions ?? null;
  // While this draft's versions load, the tabs of the last draft hold their place (no jump when they arrive).
  const known = versions ?? Object.values(s.all).find((e) => e.versions && e.versions.length > 0)?.versions ?? [];
  const channels: ChatChannel[] = known.map((v) => v.channel);
  if (channels.length === 0 && !s.entry?.error) return <>{children}</>;
  const order: Tab[] = ['email', ...channels];
  const tab: Tab = order.includes(s.tab) ? s.tab : 'email';
  const version = tab === 'email' ? undefined : versions?.find((v) => v.channel === tab);
  const onKey = (e: KeyboardEvent) => {
    const i = order.indexOf(tab);
    const to = e.key === 'ArrowRight' ? order[(i + 1) % order.length] : e.key === 'ArrowLeft' ? order[(i - 1 + order.length) % order.length] : e.key === 'Home' ? order[0] : e.key === 'End' ? order[order.length - 1] : undefined;
    if (!to) return;
    e.preventDefault();
    s.setTab(to);
    tabs.current[to]?.focus();
  };
  const label = (t: Tab) => (t === 'email' ? 'E-mail' : CHANNEL_LABEL[t]);
  return (
    <div className="channel-tabs">
      <div className="tabs" role="tablist" aria-label="Message versions" onKeyDown={onKey}>
        {order.map((t) => {
          const v = t === 'email' ? undefined : versions?.find((x) => x.channel === t);
          return (
            <button
              key={t}
              ref={(el) => {
                tabs.current[t] = el;
              }}
              role="tab"
              id={`tab-${t}`}
              aria-selected={t === tab}
              aria-controls={`panel-${t}`}
              tabIndex={t === tab ? 0 : -1}
              className="tab"
              onClick={() => s.setTab(t)}
            >
              {label(t)}
              {v && (!v.fits || v.issues.length > 0) && <span className="tag danger tab-flag">{!v.fits ? 'too long' : 'check'}</span>}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'email' ? (
          children
        ) : s.entry?.error ? (
          <p className="small danger-text" role="alert">{s.entry.error.message} <span className="code">({s.entry.error.code})</span></p>
        ) : version ? (
          <ChatVersion v={version} company={d.company} />
        ) : (
          <p className="small muted" aria-busy="true">Making the {label(tab)} version…</p>
        )}
      </div>
    </div>
  );
}

function ChatVersion({ v, company }: { v: ChannelVersionView; company: string }) {
  const notify = useHunter((s) => s.notify);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(t);
  }, [copied]);
  const name = CHANNEL_LABEL[v.channel];
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(v.text);
      setCopied(true);
      notify('success', `The ${name} version for ${company} is on the clipboard.`);
    } catch (err) {
      notify('error', `Could not copy: ${err instanceof Error ? err.message : String(err)}. Select the text and copy it by hand.`, 'CLIPBOARD');
    }
  };
  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="spread small">
        <span className="num" data-testid="channel-length">{lengthText(v)}</span>
        <span className={`tag ${v.fits ? 'ok' : 'danger'}`}>{v.fits ? 'Fits' : 'Does not fit'}</span>
      </div>
      {v.problem && <p className="small why" role="status" data-testid="channel-problem">{v.problem}</p>}
      <div className="message chat" role="document" aria-label={`${name} message`} data-testid="channel-text">{v.text}</div>
      <div className="actions">
        <button className="btn primary" onClick={() => void copy()} aria-live="polite">{copied ? 'Copied' : 'Copy'}</button>
        {v.links.map((l) => (
          <a key={l.url} className="btn" href={l.url} target="_blank" rel="noopener noreferrer" title={l.url}>{LINK_LABEL[l.kind]}</a>
        ))}
      </div>
      {v.issues.length > 0 ? (
        <section aria-label="What the check found" className="stack" style={{ gap: 4 }}>
          <h3>What the check found</h3>
          <ul className="lacks small">
            {v.issues.map((i, k) => (
              <li key={k} className="danger-text">{i.message}{i.text ? ` — “${i.text}”` : ''}</li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="small muted">The message check found nothing untrue in this version.</p>
      )}
      <p className="small muted">Approve, Reject and the other decisions apply to the e-mail version.</p>
    </div>
  );
}
