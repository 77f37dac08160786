import MailComposer from 'nodemailer/lib/mail-composer';
import { HunterError } from '../core/errors';
import type { DraftMessage } from './message';

export interface ComposeOptions {
  /** Add a text/html alternative made from the text. */
  html: boolean;
  /** "crlf" for .eml files and IMAP (RFC 5322); "lf" for mbox files, which use the local line ending. */
  lineEnding: 'crlf' | 'lf';
}

/**
 * The draft as an RFC 5322 message. MailComposer chooses the transfer encoding (7bit, quoted-printable or
 * base64) so no line exceeds 76 characters, and encodes non-ASCII names and subjects per RFC 2047.
 * `X-Unsent: 1` makes Outlook open the file as a draft to send rather than as a received message.
 */
export async function composeMessage(m: DraftMessage, opts: ComposeOptions): Promise<Buffer> {
  if (!m.from) throw new HunterError('INVALID_INPUT', 'A message file needs a From address; set your e-mail address in Settings.');
  // Text in canonical form (RFC 2046: CRLF line breaks, ending with one), also inside base64 parts.
  const text = m.text.replace(/\n/g, '\r\n') + '\r\n';
  const composer = new MailComposer({
    from: m.from,
    to: m.to,
    subject: m.subject,
    date: m.date,
    messageId: m.messageId,
    headers: { 'X-Unsent': '1' },
    text,
    html: opts.html ? textToHtml(m.text) : undefined,
    newline: opts.lineEnding === 'crlf' ? 'win' : 'linux',
    // Everything is in memory: the composer must never read a path or fetch a URL named in a draft.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    return await composer.compile().build();
  } catch (err) {
    throw new HunterError('INTERNAL', `Could not build the message for draft ${m.draftId}: ${(err as Error).message}`, { cause: err, recordId: m.draftId });
  }
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
