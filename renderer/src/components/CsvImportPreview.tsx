import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CsvPreviewRowView, CsvPreviewView } from '../../../preload/contract';
import { formatCount } from '../lib/format';
import { useHunter } from '../store';
import type { CsvField, CsvPreset } from '../store/agents-slice';

/** Every field a column can feed, in the contract's order, as the rep reads it (the compiler checks none is missing). */
export const CSV_FIELD_LABEL: Record<CsvField, string> = {
  name: 'Company name',
  website: 'Website',
  phone: 'Phone',
  email: 'E-mail',
  address: 'Address',
  street: 'Street',
  postal_code: 'Postal code',
  state: 'State or region',
  city: 'City',
  country: 'Country',
  category: 'Category',
  rating: 'Rating',
  review_count: 'Review count',
  first_name: 'First name',
  last_name: 'Last name',
  full_name: 'Contact name',
  title: 'Job title',
  linkedin: 'LinkedIn profile',
  company_linkedin: 'Company LinkedIn page',
  place_id: 'Google place ID',
  employees: 'Employees',
};
const FIELDS = Object.keys(CSV_FIELD_LABEL) as CsvField[];
/** Always offered: what a message and its evidence lean on most. */
const CORE_FIELDS: CsvField[] = ['name', 'website', 'phone', 'email', 'city'];

export const CSV_PRESET_LABEL: Record<CsvPreset, string> = {
  generic: 'Generic list',
  apollo: 'Apollo',
  linkedin_sales_navigator: 'LinkedIn Sales Navigator',
  google_sheets: 'Google Sheets',
  google_maps_scraper: 'Google Maps scraper',
};

const ENCODING_LABEL: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (with BOM)',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252 (Western)',
};
const DELIMITER_LABEL: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/**
 * How the chosen CSV will be read, before anything is spent: the detected format, the export preset
 * and which column feeds which field (both correctable), and the first rows as they will be imported,
 * with the rows left out and the values that cannot be used marked in words. Every value is text.
 */
export function CsvImportPreview() {
  const { preview, error, loading, choice, detected, setCsvPreset, setCsvMapping, resetCsvChoice } = useHunter(
    useShallow((s) => ({
      preview: s.csvPreview,
      error: s.csvPreviewError,
      loading: s.csvPreviewLoading,
      choice: s.csvChoice,
      detected: s.csvDetectedPreset,
      setCsvPreset: s.setCsvPreset,
      setCsvMapping: s.setCsvMapping,
      resetCsvChoice: s.resetCsvChoice,
    })),
  );
  // Fields the rep asked to see beyond the core ones and the mapped ones.
  const [added, setAdded] = useState<CsvField[]>([]);
  const changed = !!choice.preset || Object.keys(choice.mapping ?? {}).length > 0;

  if (!preview && !error) {
    return (
      <section className="panel" aria-label="Import preview" aria-busy="true">
        <p className="muted small">Reading the file…</p>
      </section>
    );
  }

  const shown = FIELDS.filter((f) => CORE_FIELDS.includes(f) || added.includes(f) || preview?.mapping[f] !== undefined || (choice.mapping && f in choice.mapping));
  const more = FIELDS.filter((f) => !shown.includes(f));

  return (
    <section className="panel stack csv-preview" aria-label="Import preview" aria-busy={loading ? 'true' : 'false'}>
      <div className="spread">
        <h2>How the file will be read</h2>
        {changed && (
          <button type="button" className="btn" onClick={() => void resetCsvChoice()}>
            Back to detected
          </button>
        )}
      </div>
      {preview && (
        <div className="row wrap">
          <label className="inline-field">
            <span>Export format</span>
            <select aria-label="Export format" value={choice.preset ?? ''} onChange={(e) => void setCsvPreset((e.target.value || null) as CsvPreset | null)}>
              <option value="">{detected ? `${CSV_PRESET_LABEL[detected]} (detected)` : 'As detected'}</option>
              {(Object.keys(CSV_PRESET_LABEL) as CsvPreset[]).map((p) => (
                <option key={p} value={p}>
                  {CSV_PRESET_LABEL[p]}
                </option>
              ))}
            </select>
          </label>
          <span className="small muted" aria-label="Detected format">
            {ENCODING_LABEL[preview.encoding] ?? preview.encoding} · {DELIMITER_LABEL[preview.delimiter] ?? preview.delimiter}-separated · {preview.headers.length} columns ·
            about {formatCount(preview.total_rows_estimate)} rows
          </span>
        </div>
      )}
      {error && (
        <p className="warning" role="alert">
          {error.message}
        </p>
      )}
      {/* A missing company column has its own prompt at the mapping below; any other refusal is said here. */}
      {preview?.refusal && preview.mapping.name !== undefined && (
        <div className="warning refusal" role="alert" aria-label="The run would refuse this file">
          <strong>A run would refuse this file as read</strong> (<code>{preview.refusal.code}</code>): {preview.refusal.message}
          <div className="small">What to do: choose the column under the field it names below, pick the export format the file came from, or fix the file and choose it again.</div>
        </div>
      )}
      {preview && (
        <>
          <fieldset className="stack">
            <legend>Which column feeds each field</legend>
            {preview.mapping.name === undefined && (
              <p className="warning" role="alert">
                No column was recognised as the company name. Choose the column that holds it under “Company name”: until then no row can be imported.
              </p>
            )}
            <div className="mapping-grid">
              {shown.map((field) => (
                <MappingSelect key={field} field={field} preview={preview} onChange={(header) => void setCsvMapping(field, header)} />
              ))}
              {more.length > 0 && (
                <label className="field">
                  <span>Map another field</span>
                  <select
                    aria-label="Map another field"
                    value=""
                    onChange={(e) => {
                      const f = e.target.value as CsvField;
                      if (f) setAdded((a) => [...a, f]);
                    }}
                  >
                    <option value="">Choose a field…</option>
                    {more.map((f) => (
                      <option key={f} value={f}>
                        {CSV_FIELD_LABEL[f]}
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </div>
          </fieldset>
          <SampleRows preview={preview} />
        </>
      )}
    </section>
  );
}

function MappingSelect({ field, preview, onChange }: { field: CsvField; preview: CsvPreviewView; onChange: (header: string | null) => void }) {
  const current = preview.mapping[field] ?? '';
  // Which field each header feeds now: choosing it here takes it away from that one.
  const feeds = new Map<string, CsvField>();
  for (const f of FIELDS) {
    const h = preview.mapping[f];
    if (h !== undefined) feeds.set(h, f);
  }
  return (
    <label className="field">
      <span>{CSV_FIELD_LABEL[field]}</span>
      {/* Named by the field alone: a wrapping label would add every option's text to the name. */}
      <select aria-label={CSV_FIELD_LABEL[field]} value={current} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
        <option value="">Not used</option>
        {preview.headers.map((h, i) => {
          const other = feeds.get(h);
          return (
            // Headers can repeat in a file; the index keeps the options apart.
            <option key={`${i}:${h}`} value={h}>
              {other && other !== field ? `${h} (now ${CSV_FIELD_LABEL[other]})` : h}
            </option>
          );
        })}
      </select>
    </label>
  );
}

function SampleRows({ preview }: { preview: CsvPreviewView }) {
  const rows = preview.rows;
  if (rows.length === 0) return <p className="muted small">The file has no data rows under its header.</p>;
  const errors = rows.filter((r) => r.kind === 'error').length;
  const warned = rows.filter((r) => r.kind === 'lead' && r.warnings.length > 0).length;
  return (
    <div className="stack" style={{ gap: 6 }}>
      <p className="small" role="status" aria-label="Sample summary">
        First {rows.length} rows: {rows.length - errors} will be imported
        {warned > 0 ? `, ${warned} of them with a warning` : ''}
        {errors > 0 ? `; ${errors} ${errors === 1 ? 'is' : 'are'} left out` : ''}.
      </p>
      <div className="preview-wrap" tabIndex={0} role="region" aria-label="First rows of the file">
        <table className="audit-table preview-table">
          <colgroup>
            <col style={{ width: 44 }} />
            <col style={{ width: '21%' }} />
            <col style={{ width: '16%' }} />
            <col style={{ width: '18%' }} />
            <col style={{ width: '19%' }} />
            <col style={{ width: '11%' }} />
            <col style={{ width: '15%' }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col" className="num">Row</th>
              <th scope="col">Company</th>
              <th scope="col">Website</th>
              <th scope="col">Phone</th>
              <th scope="col">E-mail</th>
              <th scope="col">City</th>
              <th scope="col">Contact</th>
            </tr>
          </thead>
          <tbody>{rows.map((r) => <PreviewRow key={r.row} r={r} />)}</tbody>
        </table>
      </div>
    </div>
  );
}

function PreviewRow({ r }: { r: CsvPreviewRowView }) {
  if (r.kind === 'error') {
    return (
      <tr className="row-error" aria-label={`Row ${r.row}: left out`}>
        <td className="num">{r.row}</td>
        <td colSpan={6} className="note">
          <span className="tag danger">Left out</span> {r.message}
        </td>
      </tr>
    );
  }
  const cell = (v: string | null, shown = v) => (v ? <td title={v}>{shown}</td> : <td className="placeholder">—</td>);
  return (
    <>
      <tr className={r.warnings.length > 0 ? 'row-warn' : undefined} aria-label={`Row ${r.row}: ${r.name}${r.warnings.length > 0 ? ', with a warning' : ''}`}>
        <td className="num">{r.row}</td>
        {cell(r.name)}
        {/* The scheme says nothing here and costs a narrow column its room; the title has the whole address. */}
        {cell(r.website, r.website?.replace(/^https?:\/\//, '') ?? null)}
        {cell(r.phone)}
        {cell(r.email)}
        {cell(r.city)}
        {cell(r.person)}
      </tr>
      {r.warnings.map((w, i) => (
        <tr key={i} className="row-warn row-note">
          <td />
          <td colSpan={6} className="note">
            <span className="tag warn">Warning</span> {w}
          </td>
        </tr>
      ))}
    </>
  );
}
