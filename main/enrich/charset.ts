import iconv from 'iconv-lite';

/** Labels browsers treat as Windows-1252 (WHATWG Encoding: latin1 and ASCII are decoded as 1252). */
const AS_1252 = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'cp1252', 'windows-1252', 'x-cp1252']);

export function charsetFromContentType(contentType: string | null | undefined): string | undefined {
  const m = contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i);
  return m?.[1]?.toLowerCase();
}

/** `<meta charset>`, the http-equiv form, or an XML declaration, within the first 4 KB. */
export function charsetFromMarkup(head: Buffer): string | undefined {
  const s = head.subarray(0, 4096).toString('latin1');
  const m =
    s.match(/<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i) ??
    s.match(/<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']/i);
  return m?.[1]?.toLowerCase();
}

function bomCharset(buf: Buffer): { charset: string; skip: number } | undefined {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return undefined;
}

function usable(label: string | undefined): string | undefined {
  if (!label) return undefined;
  if (AS_1252.has(label)) return 'windows-1252';
  if (label === 'utf8') return 'utf-8';
  return iconv.encodingExists(label) ? label : undefined;
}

/**
 * Decodes a page the way a browser would: BOM, then the HTTP charset, then the page's own declaration;
 * without any, UTF-8 if the bytes are valid UTF-8, else Windows-1252 (what unlabelled Western pages are).
 */
export function decodeBody(body: Buffer, contentType: string | null | undefined): { text: string; charset: string } {
  const bom = bomCharset(body);
  if (bom) return { text: iconv.decode(body.subarray(bom.skip), bom.charset), charset: bom.charset };
  const declared = usable(charsetFromContentType(contentType)) ?? usable(charsetFromMarkup(body));
  if (declared) return { text: iconv.decode(body, declared), charset: declared };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), charset: 'utf-8' };
  } catch {
    return { text: iconv.decode(body, 'windows-1252'), charset: 'windows-1252' };
  }
}
