import type { CountryCode } from 'libphonenumber-js';
import type { FactInput, LeadInput } from '../../core/domain';
import { parsePhone } from '../../core/phone';
import { cleanCell, countryCodeOf, emailsOf, parseCount, parseEmployees, parseRating, websiteOf } from './normalise';
import { boundList } from './raw-row';
import type { RawRow, RowProblem } from './tokenizer';
import type { CsvErrorRecord, CsvField, CsvRecord } from './types';

/** Facts from a rep's file are what that file says: believed, not checked. */
const CSV_FACT_CONFIDENCE = 0.8;

export interface RowContext {
  headers: string[];
  columns: Partial<Record<CsvField, number>>;
  delimiter: string;
  defaultCountry: CountryCode | undefined;
  observedAt: string;
  /** The file's URL; a fact's source is this plus "#row=N". Null for data not read from a file. */
  fileUrl: string | null;
  limits: { maxCellChars: number; maxRowChars: number };
  /** The header cells as read, bounded once for every failed row's record (see raw-row.ts). */
  rawHeaders: string[];
  /** The mapped columns: their cells are the last a failed row's record cuts, a re-import reads them. */
  mappedColumns: number[];
  /** No website, phone, e-mail or address column is mapped: only the import preview reads such a file's rows. */
  contactMissing: boolean;
}

/** One row of the file as a lead with its facts, a coded error naming what to fix, or null for an empty row. */
export function rowToRecord(raw: RawRow, ctx: RowContext): CsvRecord | null {
  const row = raw.line;
  if (raw.problem) return rowError(raw, ctx, problemMessage(row, raw.problem, ctx));

  const cells = raw.cells;
  const { headers, columns } = ctx;
  let blank = true;
  for (const c of cells) {
    if (c.trim() !== '') {
      blank = false;
      break;
    }
  }
  if (blank) return null;

  if (cells.length < headers.length) {
    return rowError(
      raw,
      ctx,
      `Row ${row} has ${cells.length} column${cells.length === 1 ? '' : 's'} but the header has ${headers.length}: a ${delimiterName(ctx.delimiter)} ` +
        'is missing, or a line break inside a cell is not in double quotes. Fix the row, or remove it.',
    );
  }
  // Cells past the header are ignored, the row kept; empty ones (a trailing delimiter) say nothing.
  let extra = 0;
  for (let i = cells.length - 1; i >= headers.length; i--) {
    if (cells[i]!.trim() !== '') {
      extra = i + 1 - headers.length;
      break;
    }
  }
  const get = (field: CsvField): string => {
    const i = columns[field];
    return i === undefined ? '' : cleanCell(cells[i]);
  };
  const column = (field: CsvField): string => JSON.stringify(headers[columns[field]!] ?? field);

  if (columns.name === undefined) {
    // Only the import preview reads rows without a company column (a run refuses the file first).
    return rowError(raw, ctx, `Row ${row}: no column is chosen as the company name, so the row cannot be imported. Choose the column that holds the company in the mapping.`);
  }
  if (ctx.contactMissing) {
    // As with the company column: only the preview reads these rows, to say why a run refuses the file.
    return rowError(
      raw,
      ctx,
      `Row ${row}: no column is chosen as the website, phone, e-mail or address, so the business could not be reached and the file is not imported. ` +
        'Choose the column that holds one of them in the mapping.',
    );
  }

  const name = get('name');
  if (!name) {
    return rowError(raw, ctx, `Row ${row}: the company name (column ${column('name')}) is empty. Fill it in, or remove the row.`);
  }

  const ratingText = get('rating');
  let rating: number | undefined;
  if (ratingText) {
    const r = parseRating(ratingText);
    if (!r.ok) {
      return rowError(raw, ctx, `Row ${row}: the rating in column ${column('rating')} is "${clip(ratingText)}", not a number from 0 to 5. Correct it (e.g. 4.5) or clear the cell.`);
    }
    rating = r.value;
  }
  const reviewsText = get('review_count');
  let reviewCount: number | undefined;
  if (reviewsText) {
    const r = parseCount(reviewsText);
    if (!r.ok) {
      return rowError(raw, ctx, `Row ${row}: the review count in column ${column('review_count')} is "${clip(reviewsText)}", not a whole number. Correct it (e.g. 120) or clear the cell.`);
    }
    reviewCount = r.value;
  }

  const lead: LeadInput = { name, source: 'csv', source_ref: `row ${row}` };
  const warnings: string[] = [];
  if (extra > 0) {
    const filled = cells.slice(headers.length, headers.length + extra).filter((c) => c.trim() !== '');
    const shown = filled.slice(0, 3).map((c) => `"${clip(cleanCell(c))}"`);
    warnings.push(
      `Row ${row} has ${extra} cell${extra === 1 ? '' : 's'} more than the ${headers.length} columns of the header (${shown.join(', ')}${filled.length > shown.length ? ', ...' : ''}); ` +
        `${extra === 1 ? 'it was' : 'they were'} ignored and the rest of the row imported. If a cell holds a ${delimiterName(ctx.delimiter)} without double quotes around it, ` +
        'the cells after it are one column off: put that cell in double quotes and import the row again.',
    );
  }
  const websiteText = get('website');
  const website = websiteOf(websiteText);
  if (website) lead.website = website;
  else if (websiteText) {
    warnings.push(
      `Row ${row}: the website "${clip(websiteText)}" in column ${column('website')} is not a web address, so the lead is imported without one. ` +
        `Correct it (e.g. ${exampleSite(websiteText)}) to have its site read.`,
    );
  }
  const emailText = get('email');
  const emails = emailsOf(emailText).map((e) => e.address);
  if (emails.length > 0) lead.email = emails[0];
  else if (emailText) {
    warnings.push(
      `Row ${row}: the e-mail "${clip(emailText)}" in column ${column('email')} is not an e-mail address, so the lead is imported without one. ` +
        'Correct it (e.g. info@acme.com) to have it used.',
    );
  }
  const city = get('city');
  if (city) lead.city = city;
  const country = get('country');
  if (country) lead.country = country;
  const phoneText = get('phone');
  const phone = readPhone(phoneText, countryCodeOf(country) ?? ctx.defaultCountry);
  if (phone.kind === 'valid' || phone.kind === 'unread') lead.phone = phoneText;
  else if (phone.kind === 'invalid') warnings.push(phoneWarning(row, phoneText, column('phone'), phone.country));
  const address = get('address') || composeAddress(get('street'), get('postal_code'), city, get('state'));
  if (address) lead.address = address;
  const category = get('category');
  if (category) lead.category = category;
  if (rating !== undefined) lead.rating = rating;
  if (reviewCount !== undefined) lead.review_count = reviewCount;
  const placeId = get('place_id');
  if (placeId) lead.place_id = placeId;

  let firstName = get('first_name');
  let lastName = get('last_name');
  const fullName = get('full_name') || [firstName, lastName].filter(Boolean).join(' ');
  if (!firstName && !lastName && fullName) [firstName, lastName] = splitName(fullName);
  if (firstName) lead.first_name = firstName;
  if (lastName) lead.last_name = lastName;
  const title = get('title');
  if (title) lead.title = title;
  const linkedinText = get('linkedin');
  const linkedin = websiteOf(linkedinText);
  if (linkedin) lead.linkedin = linkedin;
  else if (linkedinText) {
    warnings.push(
      `Row ${row}: the LinkedIn profile "${clip(linkedinText)}" in column ${column('linkedin')} is not a web address, so the lead is imported without it. ` +
        'Correct it (e.g. https://www.linkedin.com/in/jane-doe) to keep it.',
    );
  }

  const source_url = ctx.fileUrl === null ? null : `${ctx.fileUrl}#row=${row}`;
  const facts: FactInput[] = [];
  const fact = (kind: FactInput['kind'], value: string, detail?: Record<string, unknown>) =>
    facts.push({ kind, value, detail, source_url, method: 'csv', confidence: CSV_FACT_CONFIDENCE, observed_at: ctx.observedAt });

  for (const email of emails) fact('email', email, { status: 'from_source' });
  if (phone.kind === 'valid') fact('phone', phone.e164, { display: phoneText, e164: phone.e164 });
  else if (phone.kind === 'unread') fact('phone', phoneText, { display: phoneText, e164: null });
  if (rating !== undefined) fact('rating', String(rating), { scale: 5 });
  if (reviewCount !== undefined) fact('review_count', String(reviewCount));
  if (category) fact('category', category);
  if (fullName || title) {
    fact('person', fullName || title, {
      name: fullName || null,
      role: title || null,
      email: emails[0] ?? null,
      ...(linkedin ? { linkedin } : {}),
    });
  }
  const companyLinkedinText = get('company_linkedin');
  const companyLinkedin = websiteOf(companyLinkedinText);
  if (companyLinkedin) fact('social', companyLinkedin, { network: 'linkedin', of: 'company' });
  else if (companyLinkedinText) {
    warnings.push(
      `Row ${row}: the company LinkedIn page "${clip(companyLinkedinText)}" in column ${column('company_linkedin')} is not a web address, so the lead is imported without it. ` +
        'Correct it (e.g. https://www.linkedin.com/company/acme) to keep it.',
    );
  }
  const employeesText = get('employees');
  if (employeesText) {
    const size = parseEmployees(employeesText);
    fact('business', `${employeesText} employees`, { ...size, employees_text: employeesText });
  }
  return { kind: 'lead', row, lead, facts, warnings };
}

/**
 * A web address like the one the rep meant, for a warning's "e.g.": "acme" → acme.com, an e-mail →
 * its domain, "ftp://files.acme.com" → files.acme.com; acme.com when nothing fits.
 */
function exampleSite(text: string): string {
  const first = (text.split(/[\s,;]+/)[0] ?? '').toLowerCase();
  const host = (first.includes('@') ? first.slice(first.lastIndexOf('@') + 1) : first.replace(/^[a-z][a-z0-9+.-]*:\/\//, '')).split(/[/?#]/)[0] ?? '';
  const candidate = /^[a-z0-9][a-z0-9-]*$/.test(host) ? `${host}.com` : host;
  return candidate && websiteOf(candidate) ? candidate : 'acme.com';
}

type CellPhone =
  | { kind: 'none' }
  | { kind: 'valid'; e164: string }
  /** Written without its country code in a row that names no country: the run reads it in its own default country. */
  | { kind: 'unread' }
  | { kind: 'invalid'; country: CountryCode | undefined };

/**
 * A phone cell read by core's one parser. Only a number that can be judged and fails is refused: one written
 * with its country code, or in a row whose country is known. "030 1234567" in a file without a country is
 * not judged here: whoever files the lead reads it in the run's country, as it reads every national number.
 */
function readPhone(text: string, country: CountryCode | undefined): CellPhone {
  if (!text) return { kind: 'none' };
  const parsed = parsePhone(text, country, { remember: false });
  if (parsed) return { kind: 'valid', e164: parsed.e164 };
  const international = /^(?:\+|00)/.test(text);
  const digits = text.replace(/\D+/g, '').length;
  // A national number of plausible length with no country to read it in is not known to be wrong.
  if (!country && !international && digits >= 6 && digits <= 15 && /^[\d\s()./-]+$/.test(text)) return { kind: 'unread' };
  return { kind: 'invalid', country: international ? undefined : country };
}

function phoneWarning(row: number, text: string, column: string, country: CountryCode | undefined): string {
  return (
    `Row ${row}: the phone "${clip(text)}" in column ${column} is not a valid phone number${country ? ` in ${country}` : ''}, so the lead is imported without one. ` +
    'Correct it (e.g. +49 30 1234567) to keep it.'
  );
}

/** The row's error, with the row as read (bounded; its mapped cells are the last to be cut). */
function rowError(raw: RawRow, ctx: RowContext, message: string): CsvErrorRecord {
  const cells = boundList(raw.cells, ctx.mappedColumns, raw.cut ? new Set(raw.cut) : undefined, raw.cellsLeftOut ?? 0);
  return { kind: 'error', row: raw.line, code: 'CSV_ROW_INVALID', message, raw: { row: raw.line, headers: ctx.rawHeaders, cells } };
}

function problemMessage(row: number, problem: RowProblem, ctx: RowContext): string {
  const col = (i: number) => (ctx.headers[i] !== undefined ? `column ${i + 1} (${JSON.stringify(ctx.headers[i])})` : `column ${i + 1}`);
  switch (problem.kind) {
    case 'cell_too_large':
      return (
        `Row ${row}: ${col(problem.column)} holds ${sizeText(problem.chars)} of text, more than the ${sizeText(ctx.limits.maxCellChars)} a cell may hold, ` +
        'so the row was left out. Shorten that cell (or remove the row); a cell this large is usually a pasted document or a missing quote.'
      );
    case 'row_too_large':
      return `Row ${row} holds ${sizeText(problem.chars)} of text, more than the ${sizeText(ctx.limits.maxRowChars)} a row may hold, so it was left out. Shorten its cells, or remove the row.`;
    case 'text_after_quote':
      if (problem.lines > 1) {
        return (
          `Row ${row}: the quote that opens ${col(problem.column)} does not close where the cell ends (it runs over ${problem.lines} lines into the rows below), ` +
          'so the row was left out and reading went on with the next line. Add the missing closing quote, or remove the stray one.'
        );
      }
      return (
        `Row ${row}: ${col(problem.column)} has text right after the closing quote of "${clip(cleanCell(problem.quoted))}", so the row was left out and reading went on ` +
        'with the next line. Put the whole cell in double quotes and double every quote inside it (He said ""hi""), or remove the quotes.'
      );
    case 'quote_not_closed':
      return (
        `Row ${row}: the quote that opens ${col(problem.column)} is never closed (it runs over ${problem.lines} line${problem.lines === 1 ? '' : 's'} to the end of the file), ` +
        'so the row was left out and reading went on with the next line. Add the closing quote, or remove the stray one.'
      );
  }
}

function composeAddress(street: string, postalCode: string, city: string, state: string): string {
  if (!street) return '';
  return [street, [postalCode, city].filter(Boolean).join(' '), state].filter(Boolean).join(', ');
}

/** "Jane van der Berg" → ["Jane", "van der Berg"]: the given name is what a greeting uses. */
function splitName(full: string): [string, string] {
  const space = full.indexOf(' ');
  return space === -1 ? [full, ''] : [full.slice(0, space), full.slice(space + 1)];
}

function delimiterName(d: string): string {
  return d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '\t' ? 'tab' : d === '|' ? '"|"' : JSON.stringify(d);
}

function sizeText(chars: number): string {
  if (chars >= 1024 * 1024) return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
  if (chars >= 1024) return `${Math.round(chars / 1024)} KB`;
  return `${chars} characters`;
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}
