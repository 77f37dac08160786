/** Readable ids with the product's prefixes (lead_…, exec_…, draft_…), time-ordered by their first part. */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `${prefix}_${Date.now().toString(36)}${hex}`;
}
