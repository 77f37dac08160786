/**
 * Names reserved for documentation and testing (RFC 2606, RFC 6761): never a real business, never
 * resolved on the internet, and exactly what the sample workspace and fixture sites use. They are not on
 * the public suffix list, so they are accepted by name.
 */
const RESERVED_TLDS = new Set(['example', 'test', 'invalid', 'localhost']);

export function isReservedTestHost(hostname: string): boolean {
  const labels = hostname.toLowerCase().replace(/\.$/, '').split('.');
  return labels.length >= 2 && RESERVED_TLDS.has(labels[labels.length - 1]!);
}

/** "shop.acme.example" → "acme.example": the registrable part of a reserved test name. */
export function reservedTestDomain(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '').split('.').slice(-2).join('.');
}
