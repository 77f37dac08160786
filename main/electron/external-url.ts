/**
 * Only web pages over TLS, mail links and text-message links to a phone number may leave the app, and
 * only when they parse as such. An sms: link (a chat version's "Open in Messages", issue 16) hands the
 * number and the text to the OS's messages app; nothing is sent until the rep sends it there.
 */
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'mailto:') return url.pathname.length > 0;
  if (url.protocol === 'sms:') return /^\+?[0-9]{3,15}$/u.test(url.pathname) && [...url.searchParams.keys()].every((k) => k === 'body');
  return url.protocol === 'https:' && url.hostname.length > 0 && !url.username && !url.password;
}
