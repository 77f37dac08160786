/** Only web pages over TLS and mail links may leave the app, and only when they parse as such. */
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'mailto:') return url.pathname.length > 0;
  return url.protocol === 'https:' && url.hostname.length > 0 && !url.username && !url.password;
}
