import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { browserCandidates, findBrowser } from '../../../main/browser/finder';
import { splitBox, viewportFor } from '../../../main/sources/google-maps/grid';
import { placeLinkKey, searchUrl } from '../../../main/sources/google-maps/urls';

const only = (...paths: string[]) => (p: string) => paths.includes(p);

describe('findBrowser', () => {
  it('prefers the path in Settings, then HUNTER_BROWSER_PATH, then the usual places', () => {
    expect(findBrowser({ configuredPath: '/opt/my/chrome', platform: 'linux', env: {}, isExecutable: only('/opt/my/chrome', '/usr/bin/chromium') })).toEqual({ path: '/opt/my/chrome', via: 'settings' });
    expect(findBrowser({ platform: 'linux', env: { HUNTER_BROWSER_PATH: '/x/chrome' }, isExecutable: only('/x/chrome') })).toEqual({ path: '/x/chrome', via: 'environment' });
    expect(findBrowser({ platform: 'linux', env: {}, isExecutable: only('/usr/bin/chromium', '/usr/bin/microsoft-edge') })).toEqual({ path: '/usr/bin/chromium', via: 'auto' });
    expect(findBrowser({ platform: 'darwin', env: { HOME: '/Users/rep' }, isExecutable: only('/Users/rep/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge') }).path).toContain('Microsoft Edge');
    const win = findBrowser({ platform: 'win32', env: { LOCALAPPDATA: 'C:\\Users\\rep\\AppData\\Local', PROGRAMFILES: 'C:\\Program Files' }, isExecutable: only('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe') });
    expect(win.path).toBe('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(browserCandidates('win32', { LOCALAPPDATA: 'C:\\L' })[0]).toBe('C:\\L\\Google\\Chrome\\Application\\chrome.exe');
  });

  it('says how to get a browser when none is found, or the configured one is broken', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      let e: unknown;
      try {
        findBrowser({ platform, env: {}, isExecutable: () => false });
      } catch (err) {
        e = err;
      }
      expect(e).toBeInstanceOf(HunterError);
      expect((e as HunterError).code).toBe('BROWSER_NOT_FOUND');
      expect((e as HunterError).message).toMatch(/Install|install/);
    }
    expect(() => findBrowser({ configuredPath: '/nope', platform: 'linux', env: {}, isExecutable: () => false })).toThrow(/Settings/);
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))('finds the Chromium installed here (CI installs /usr/bin/chromium)', () => {
    expect(findBrowser({ env: {}, isExecutable: undefined }).path).toMatch(/chrom|edge|brave/i);
  });
});

