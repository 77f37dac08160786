/**
 * Tests run under plain Node, where the real 'electron' module cannot load (it would try to fetch its
 * binary). This stand-in covers only what the thin shell touches; tests that need more set it up with
 * vi.mock.
 */
export const app = {
  getPath: (_name: string) => process.env.HUNTER_DATA_DIR ?? '/tmp/the-hunter-test',
  isPackaged: false,
  on: () => undefined,
  whenReady: () => Promise.resolve(),
};
export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (s: string) => Buffer.from('enc:' + s, 'utf8'),
  decryptString: (b: Buffer) => b.toString('utf8').replace(/^enc:/, ''),
};
export const ipcMain = { handle: () => undefined, on: () => undefined, removeHandler: () => undefined };
export const shell = { openExternal: async (_url: string) => undefined };
export default { app, safeStorage, ipcMain, shell };
