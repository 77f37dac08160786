import MailComposer from 'nodemailer/lib/mail-composer';
import { HunterError } from '../core/errors';
import type { DraftMessage } from './message';

export interface ComposeOptions {
  /** Add a text/html alternative made from the text. */
  html: boolean;
  /** "crlf" for .eml files and IMAP (RFC 5322); "lf" for mbox files, which use the local line ending. */
  lineEnding: 'crlf' | 'lf';
  /**
   * For an mbox file: no line of the message may begin with "From " or ">From " (see mbox.ts). A body
   * that has such a line is sent quoted-printable with that line's first character encoded.
   */
  mboxSafe?: boolean;
}

/** A line an mbox reader would take for a separator, or unquote (mboxrd). */
const FROM_LINE = /^>*From /m;

/**
 * The draft as an RFC 5322 message. MailComposer chooses the transfer encoding (7bit, quoted-printable or
 * base64) so no line exceeds 76 characters, and encodes non-ASCII names and subjects per RFC 2047.
 * `X-Unsent: 1` makes Outlook open the file as a draft to send rather than as a received message. The
 * Bcc header is kept: in a draft it is how the mail client knows whom to copy when the rep sends it.
 */
export async function composeMessage(m: DraftMessage, opts: ComposeOptions): Promise<Buffer> {
  if (!m.from) throw new HunterError('INVALID_INPUT', 'A message file needs a From address; set your e-mail address in Settings.');
  const raw = await build(m, opts, false);
  if (!opts.mboxSafe || !FROM_LINE.test(raw.toString('latin1'))) return raw;
  const encoded = escapeFromLines(await build(m, opts, true));
  if (FROM_LINE.test(encoded.toString('latin1'))) {
    throw new HunterError('INTERNAL', `Draft ${m.draftId} still has a line beginning "From " after encoding; export it as .eml instead.`, { recordId: m.draftId });
  }
  return encoded;
}

async function build(m: DraftMessage, opts: ComposeOptions, quotedPrintable: boolean): Promise<Buffer> {
  // Text in canonical form (RFC 2046: CRLF line breaks, ending with one), also inside base64 parts.
  const text = m.text.replace(/\n/g, '\r\n') + '\r\n';
  const composer = new MailComposer({
    from: m.from!,
    to: m.to,
    ...(m.cc.length ? { cc: m.cc } : {}),
    ...(m.bcc.length ? { bcc: m.bcc } : {}),
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    subject: m.subject,
    date: m.date,
    messageId: m.messageId,
    headers: { 'X-Unsent': '1' },
    text,
    html: opts.html ? textToHtml(m.text) : undefined,
    ...(quotedPrintable ? { encoding: 'quoted-printable' } : {}),
    newline: opts.lineEnding === 'crlf' ? 'win' : 'linux',
    // Everything is in memory: the composer must never read a path or fetch a URL named in a draft.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const node = composer.compile();
    node.keepBcc = true;
    return await node.build();
  } catch (err) {
    throw new HunterError('INTERNAL', `Could not build the message for draft ${m.draftId}: ${(err as Error).message}`, { cause: err, recordId: m.draftId });
  }
}

/**
 * In a message whose text parts are all quoted-printable, writes the first character of every line
 * that begins "From " or ">From " as its QP escape ("=46rom", "=3EFrom"): the same text to every MIME
 * reader, and nothing left for an mbox reader to split at or unquote. Header lines never begin that
 * way (a field name ends in ":", a folded line starts with a space), nor do boundary lines.
 * A line pushed past 76 characters (RFC 2045) gets a soft line break.
 */
export function escapeFromLines(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const out = text.split(nl).flatMap((line) => (FROM_LINE.test(line) ? escapeLine(line) : [line]));
  return Buffer.from(out.join(nl), 'latin1');
}

function escapeLine(line: string): string[] {
  const lines: string[] = [];
  let rest = line;
  for (;;) {
    if (/^>*From /.test(rest)) rest = rest.startsWith('>') ? `=3E${rest.slice(1)}` : `=46${rest.slice(1)}`;
    if (rest.length <= 76) break;
    // Cut before position 75 (room for the soft break's "="), never inside an "=XX" escape.
    let cut = 75;
    while (cut > 3 && (rest[cut - 1] === '=' || rest[cut - 2] === '=')) cut--;
    lines.push(`${rest.slice(0, cut)}=`);
    rest = rest.slice(cut);
  }
  lines.push(rest);
  return lines;
}

/**
 * A plain HTML rendering of the text: paragraphs at blank lines, line breaks kept, everything escaped.
 * `dir="auto"` lets Arabic or Hebrew paragraphs read right to left in clients that honour it.
 */
export function textToHtml(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .filter((p) => p.length > 0)
    .map((p) => `<p dir="auto">${p.split('\n').map(escapeHtml).join('<br>\n')}</p>`);
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n${paragraphs.join('\n')}\n</body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
