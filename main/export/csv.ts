/** The columns mail-merge and sequencing tools (Instantly, lemlist, Google Sheets merges) map by name. */
export const MERGE_COLUMNS = ['email', 'first_name', 'last_name', 'company_name', 'website', 'phone', 'subject', 'personalization', 'icebreaker'] as const;
export type MergeRow = Record<(typeof MERGE_COLUMNS)[number], string>;

/**
 * RFC 4180 CSV: CRLF between records; a field with a comma, quote, line break or edge space is quoted and
 * its quotes doubled. Line breaks inside a message are kept, so the merged e-mail keeps its paragraphs.
 */
export function mergeCsv(rows: readonly MergeRow[], opts: { bom: boolean }): string {
  const lines = [MERGE_COLUMNS.join(',')];
  for (const row of rows) lines.push(MERGE_COLUMNS.map((c) => csvField(guardFormula(row[c]))).join(','));
  return (opts.bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}

export function csvField(v: string): string {
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Spreadsheets run a cell that starts with = + - @ as a formula, and company names and pages are scraped
 * text: such a cell gets a leading apostrophe (the spreadsheet's own "this is text" mark). Phone numbers
 * and signed numbers such as "+91 98200 12345" stay as they are.
 */
export function guardFormula(v: string): string {
  if (/^[=@\t\r]/.test(v)) return `'${v}`;
  if (/^[+-]/.test(v) && !/^[+-][\d\s().\-/]*$/.test(v)) return `'${v}`;
  return v;
}
