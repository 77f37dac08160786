import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/**
 * The real-world fixtures (saved Google Maps payloads, small businesses' pages) live in `shared/fixtures`
 * beside the project, not inside it: they are other people's data, kept for tests only.
 */
export const SHARED_FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

export function sharedFixture(...parts: string[]): string {
  return join(SHARED_FIXTURES, ...parts);
}
