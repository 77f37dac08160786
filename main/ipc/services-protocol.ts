import type { AlertView, EventName, Result } from '../../preload/contract';
import type { SecretName } from '../store/secret-store';

/**
 * The messages between the Electron main thread (the window's side) and the services thread, which owns
 * the database, the runs and the model streams. Every message is plain data (a structured clone).
 */

/** What the services thread is started with. */
export interface ServicesStart {
  dbFile: string;
  dataDir: string;
  offlineRuns: boolean;
  /**
   * The rep's keys, read by the main thread from the OS keychain (only it can use safeStorage). The
   * services thread holds them in memory for provider calls; a change is saved by the main thread first.
   */
  secrets: { values: Partial<Record<SecretName, string>>; secure: boolean };
}

/** Main thread → services thread. */
export type ToServices =
  | { type: 'invoke'; id: number; channel: string; payload: unknown }
  | { type: 'picked-csv'; id: number; path: string | null }
  | { type: 'close' };

/** Services thread → main thread. */
export type FromServices =
  | { type: 'ready' }
  /** The services could not start (a database from a newer app, a disk that cannot be written). */
  | { type: 'failed'; code: string; message: string }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventName; payload: unknown }
  | { type: 'notify'; alert: AlertView }
  /** The native file picker runs on the main thread; the answer comes back as 'picked-csv'. */
  | { type: 'pick-csv'; id: number }
  /**
   * A secret the services changed themselves (a mail password saved with its account, a refresh token
   * from a sign-in): the main thread writes it to the keychain, the only place it is kept.
   */
  | { type: 'save-secret'; name: SecretName; value: string }
  /** An address to open in the rep's own browser (a Google or Microsoft sign-in page). */
  | { type: 'open-url'; url: string }
  | { type: 'closed' };
