import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DncEntryView } from '../../../preload/contract';
import { Empty } from '../components/common';
import { formatCount, formatDate } from '../lib/format';
import { useHunter } from '../store';

type Kind = DncEntryView['kind'];

const KIND_LABEL: Record<Kind, string> = { email: 'E-mail', domain: 'Domain', phone: 'Phone', name: 'Business name' };
const SOURCE_LABEL: Record<string, string> = { manual: 'added by hand', import: 'imported', rejection: 'from a rejection', reply: 'asked to stop', erasure: 'erased on request' };

/** Splits what the rep pasted: one value a line, or several separated by commas or semicolons. */
export function dncValues(text: string): string[] {
  return text.split(/[\n;,]+/).map((v) => v.trim()).filter(Boolean);
}

/**
 * The do-not-contact list of this workspace: addresses, domains, phone numbers and business names that
 * are never drafted or exported to. Added by hand or from a CSV, searched, and removed.
 */
export function DoNotContact() {
  const s = useHunter(
    useShallow((st) => ({
      rows: st.dnc, total: st.dncTotal, search: st.dncSearch, loaded: st.dncLoaded, load: st.loadDnc, add: st.addDnc, importCsv: st.importDnc, remove: st.removeDnc,
      added: st.dncAddResult, imported: st.dncImportResult,
    })),
  );
  const { load } = s;
  useEffect(() => {
    void load('');
  }, [load]);
  const [values, setValues] = useState('');
  const [reason, setReason] = useState('');
  const [kind, setKind] = useState<Kind | ''>('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const list = dncValues(values);
    if (list.length === 0) return;
    setBusy(true);
    const allAdded = await s.add(list, reason, kind || undefined);
    setBusy(false);
    if (allAdded) {
      setValues('');
      setReason('');
    }
  };

  return (
    <div className="screen">
      <div className="spread wrap">
        <h1>Do not contact</h1>
        <span className="muted">{formatCount(s.total)} entr{s.total === 1 ? 'y' : 'ies'}</span>
      </div>
      <p className="muted small">Nobody on this list is drafted or exported to: a listed lead is kept, marked, and never scored up. Rejecting a draft with "don't contact again" adds it here too.</p>

      <div className="dnc-forms">
        <form className="panel stack" aria-label="Add to the list" onSubmit={(e) => void submit(e)}>
          <h2>Add by hand</h2>
          <label className="field">
            <span>E-mail addresses, domains, phone numbers or business names (one a line)</span>
            <textarea rows={4} value={values} onChange={(e) => setValues(e.target.value)} placeholder={'bob@example.com\nexample.org\n+1 503 555 0100\nBright Harbor Dental'} />
          </label>
          <div className="form-grid">
            <label className="field">
              <span>Kind</span>
              <select value={kind} onChange={(e) => setKind(e.target.value as Kind | '')}>
                <option value="">Recognise each value</option>
                {(Object.keys(KIND_LABEL) as Kind[]).map((k) => (
                  <option key={k} value={k}>{KIND_LABEL[k]}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Reason (optional)</span>
              <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="asked not to be contacted" />
            </label>
          </div>
          <div>
            <button type="submit" className="btn primary" disabled={busy || dncValues(values).length === 0}>Add to the list</button>
          </div>
          {s.added && (s.added.refused.length > 0 || s.added.already_listed.length > 0) && (
            <div role="status" aria-label="Last addition" className="small stack" style={{ gap: 2 }}>
              {s.added.already_listed.map((e) => <span key={e.id}>Already listed: {e.value}</span>)}
              {s.added.refused.map((r, i) => <span key={i} className="danger-text">Not added: {r.reason}</span>)}
            </div>
          )}
        </form>

        <section className="panel stack" aria-label="Import a list">
          <h2>Import a CSV</h2>
          <p className="small muted">One value a row, or columns named email, domain (or website), phone, name (or company), with an optional reason. Bad rows are left out and named.</p>
          <div>
            <button type="button" className="btn" onClick={() => void s.importCsv()}>Choose CSV…</button>
          </div>
          {s.imported && (
            <div role="status" aria-label="Last import" className="small stack" style={{ gap: 2 }}>
              <strong>{s.imported.file}: {s.imported.added} added, {s.imported.already_listed} already listed, {s.imported.refused_total} refused</strong>
              {s.imported.refused.slice(0, 20).map((r) => (
                <span key={`${r.row}-${r.column ?? ''}`} className="danger-text">Row {r.row}{r.column ? ` (${r.column})` : ''}: {r.reason}</span>
              ))}
              {s.imported.refused_total > 20 && <span className="muted">…and {s.imported.refused_total - 20} more refused rows.</span>}
            </div>
          )}
        </section>
      </div>

      <section className="panel stack" aria-label="The list" style={{ padding: 0 }}>
        <div className="row" style={{ padding: '12px 16px 0' }}>
          <label className="sr-only" htmlFor="dnc-search">Search the list</label>
          <input id="dnc-search" type="search" className="grow" placeholder="Search the list" value={s.search} onChange={(e) => void s.load(e.target.value)} />
        </div>
        {s.loaded && s.rows.length === 0 ? (
          <div style={{ padding: '0 16px 16px' }}>
            <Empty title={s.search ? 'Nothing on the list matches' : 'The list is empty'}>
              <p>{s.search ? 'Try part of the address, domain or name.' : 'Add an address, a domain, a phone number or a business name above, or import a CSV.'}</p>
            </Empty>
          </div>
        ) : (
          <div className="table-wrap">
            <table className="audit-table" aria-label="Do-not-contact entries">
              <thead>
                <tr>
                  <th scope="col">Value</th>
                  <th scope="col">Kind</th>
                  <th scope="col">How it got here</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Added</th>
                  <th scope="col"><span className="sr-only">Remove</span></th>
                </tr>
              </thead>
              <tbody>
                {s.rows.map((e) => (
                  <tr key={e.id}>
                    <td className="wrap-cell">{e.value ?? <span className="muted">erased person (kept as a one-way hash)</span>}</td>
                    <td>{KIND_LABEL[e.kind]}</td>
                    <td>{SOURCE_LABEL[e.source] ?? e.source}</td>
                    <td className="wrap-cell">{e.reason ?? '—'}</td>
                    <td className="nowrap">{formatDate(e.created_at)}</td>
                    <td>
                      <button type="button" className="btn" onClick={() => void s.remove(e.id)} aria-label={`Remove ${e.value ?? 'the erased entry'}`}>
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {s.total > s.rows.length && <p className="small muted" style={{ padding: '8px 16px' }}>Showing {formatCount(s.rows.length)} of {formatCount(s.total)}; search to find the rest.</p>}
          </div>
        )}
      </section>
    </div>
  );
}
