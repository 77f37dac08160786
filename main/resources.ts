import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bundled resources folder, wherever this code runs from: the source tree (tsx), the built app
 * (out/main), or a packaged app that sets HUNTER_RESOURCES.
 */
export function resourcesDir(): string {
  if (process.env.HUNTER_RESOURCES) return process.env.HUNTER_RESOURCES;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, 'sample'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('The bundled resources folder was not found; set HUNTER_RESOURCES to its path.');
}
