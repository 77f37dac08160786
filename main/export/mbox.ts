const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The C asctime() form RFC 4155 puts on the separator line, in UTC: "Mon Jan  2 03:04:05 2025". */
export function asctime(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/**
 * One message as an mbox entry (RFC 4155): the "From " separator with the envelope sender and date, the
 * message, and a blank line before the next separator. `message` must use "\n" line endings.
 *
 * Readers disagree on body lines that begin with "From ": mboxrd readers take ">From " back to "From ",
 * mboxo readers (NeoMutt, Apple Mail, Python's mailbox module) show the ">" as it is, and a reader that
 * trusts Content-Length (mboxcl2) is rare. So the exporter never leaves such a line: composeMessage with
 * `mboxSafe` sends a body that has one as quoted-printable with its first character encoded ("=46rom"),
 * which every MIME reader decodes to the same text and no mbox reader splits at or unquotes. The ">"
 * quoting below (the mboxrd rule) only guards a message that arrives here with such a line anyway.
 */
export function mboxEntry(message: Buffer, envelopeSender: string, date: Date): Buffer {
  const text = message.toString('latin1');
  const quoted = text.replace(/^(>*From )/gm, '>$1');
  const ended = quoted.endsWith('\n') ? quoted : quoted + '\n';
  return Buffer.from(`From ${envelopeSender.replace(/\s/g, '') || 'MAILER-DAEMON'} ${asctime(date)}\n${ended}\n`, 'latin1');
}
