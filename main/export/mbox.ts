const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The C asctime() form RFC 4155 puts on the separator line, in UTC: "Mon Jan  2 03:04:05 2025". */
export function asctime(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/**
 * One message as an mbox entry (RFC 4155): the "From " separator with the envelope sender and date, the
 * message with every line that starts with "From " or ">From " (any number of ">") given one more ">"
 * (the mboxrd rule, which a reader can reverse exactly), and a blank line before the next separator.
 * `message` must use "\n" line endings.
 */
export function mboxEntry(message: Buffer, envelopeSender: string, date: Date): Buffer {
  const text = message.toString('latin1');
  const quoted = text.replace(/^(>*From )/gm, '>$1');
  const ended = quoted.endsWith('\n') ? quoted : quoted + '\n';
  return Buffer.from(`From ${envelopeSender.replace(/\s/g, '') || 'MAILER-DAEMON'} ${asctime(date)}\n${ended}\n`, 'latin1');
}
