import { BrowserWindow, dialog } from 'electron';

/** The native file picker for a CSV of leads; the path it returns is the only one a run may read. */
export async function pickCsvFile(): Promise<string | null> {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options: Electron.OpenDialogOptions = {
    title: 'Choose a CSV of leads',
    properties: ['openFile'],
    filters: [{ name: 'CSV', extensions: ['csv', 'tsv', 'txt'] }],
  };
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return r.canceled ? null : (r.filePaths[0] ?? null);
}
