/**
 * Error codes shared by every recipe, source and provider. The seed's codes come first; the rest name
 * what a rep needs to act on. `retryable` is decided by the code unless a provider says otherwise.
 */
export const ERROR_CODES = {
  // From the seed's retry policy.
  API_RATE_LIMIT: { retryable: true, hint: 'The provider is rate-limiting; the run slows down and retries by itself.' },
  TIMEOUT: { retryable: true, hint: 'The service did not answer in time; try again in a moment.' },
  CONNECTION_ERROR: { retryable: true, hint: 'Check the network connection and the address named in the message.' },
  EMAIL_NOT_FOUND: { retryable: false, hint: 'No e-mail address was found; add one by hand or skip the lead.' },
  INVALID_INPUT: { retryable: false, hint: 'Fix the input named in the message and run again.' },
  AUTHENTICATION_FAILED: { retryable: false, hint: 'Check the key, password or sign-in named in the message (in Settings, or its environment variable).' },
  // Money and quotas.
  INSUFFICIENT_CREDITS: { retryable: false, hint: 'Add credits (hunter credits --grant N, or the Credits screen), then resume the run.' },
  BUDGET_REACHED: { retryable: false, hint: 'Raise this run\'s budget (hunter runs set-budget EXECUTION CREDITS, or "Raise budget" on the run), then resume it.' },
  QUOTA_EXCEEDED: { retryable: false, hint: 'The monthly API-call quota is used up; it resets at the start of next month.' },
  SPEND_LIMIT: { retryable: false, hint: 'The provider account reached its spend limit; raise it at the provider.' },
  // Providers.
  PROVIDER_ERROR: { retryable: true, hint: 'The provider had an internal error; it will be retried.' },
  PROVIDER_OVERLOADED: { retryable: true, hint: 'The provider is overloaded; it will be retried or another model used.' },
  MODEL_DECOMMISSIONED: { retryable: false, hint: 'The model was retired; the next model in the fallback list is used. Update the model in Settings.' },
  MALFORMED_RESPONSE: { retryable: true, hint: 'The model answered in an unexpected shape; it is retried once, then a fallback is used.' },
  UNGROUNDED_DRAFT: { retryable: false, hint: 'A model wrote something about the lead that no fact supports; the claim was taken out, or the offline composer wrote the draft instead. Review it before sending.' },
  CIRCUIT_OPEN: { retryable: false, hint: 'The provider failed repeatedly; it is paused for 30 s and a fallback is used.' },
  STREAM_STALLED: { retryable: true, hint: 'The stream stopped sending; it was cut off and retried.' },
  // The rep's own mail account.
  TLS_CERTIFICATE: { retryable: false, hint: "The mail server's certificate was not accepted; the message says why. Check the host name, or add your organisation's CA certificate (PEM file) to this mail account only." },
  // Sources and pages.
  BLOCKED: { retryable: false, hint: 'The site blocked automated access (captcha or /sorry/); wait, or use another source.' },
  BROWSER_NOT_FOUND: { retryable: false, hint: 'Install Google Chrome, Chromium or Edge, or set its path in Settings.' },
  PAGE_TOO_LARGE: { retryable: false, hint: 'The page is larger than the crawler reads; the lead keeps its other facts.' },
  TOO_MANY_REDIRECTS: { retryable: false, hint: 'The site redirects in a loop; check the website address.' },
  NOT_HTML: { retryable: false, hint: 'The address serves a file, not a web page.' },
  ROBOTS_DISALLOWED: { retryable: false, hint: "The site's robots.txt asks crawlers to stay out; its pages were not read." },
  HTTP_ERROR: { retryable: false, hint: 'The site answered with an error status.' },
  WEBSITE_DEAD: { retryable: false, hint: "The website is not there (no such name, nothing listening, a 404/410 home page or a parked domain): find the business's current site, or leave the lead out." },
  CSV_ROW_INVALID: { retryable: false, hint: 'Fix the named row in the CSV (or leave it out) and import again.' },
  CSV_UNREADABLE: { retryable: false, hint: 'Save the file as CSV (UTF-8) and try again.' },
  // Storage and state.
  DATABASE_TOO_NEW: { retryable: false, hint: 'This database was written by a newer version of The Hunter; update the app.' },
  DATABASE_CORRUPT: { retryable: false, hint: 'The database file is damaged and was opened read-only, untouched. List the backups with "hunter db backups" and restore one with "hunter db restore FILE".' },
  DATABASE_BUSY: { retryable: true, hint: 'Another run or window held the database longer than the wait allows; nothing was changed. Try again in a moment.' },
  READ_ONLY: { retryable: false, hint: 'The database is in a place this user cannot write to; reads work. Move it to a writable folder (or pass --db FILE) to make changes.' },
  DISK_FULL: { retryable: false, hint: 'Free some disk space, then resume; nothing committed was lost.' },
  NOT_FOUND: { retryable: false, hint: 'Check the id; list what exists with the matching list command.' },
  // The rep's obligations to the people they write to.
  DO_NOT_CONTACT: { retryable: false, hint: 'The business or address is on your do-not-contact list; remove the entry (hunter dnc list, hunter dnc remove ID) only if it was added by mistake.' },
  ALREADY_ERASED: { retryable: false, hint: 'This lead was erased already; nothing of it is left to erase. The erase is in the audit log (hunter audit export --action lead_erased).' },
  WRONG_WORKSPACE: { retryable: false, hint: 'The id belongs to another workspace; open that workspace (--workspace NAME) and try again.' },
  CONFLICT: { retryable: false, hint: 'The item changed meanwhile; reload and try again.' },
  CANCELLED: { retryable: false, hint: 'The run was cancelled.' },
  SERVICE_RESTARTED: { retryable: true, hint: 'The background service stopped and was started again: try again. A run it was doing is paused and can be resumed.' },
  INTERNAL: { retryable: false, hint: 'An unexpected error; the details are in the activity log.' },
} as const satisfies Record<string, { retryable: boolean; hint: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Failures of a model provider or the network rather than verdicts on a lead: a step that ended in one of
 * these (or fell back to the offline component because of one) is run again when the run is resumed.
 */
export const PROVIDER_FAILURE_CODES: readonly ErrorCode[] = [
  'API_RATE_LIMIT', 'TIMEOUT', 'CONNECTION_ERROR', 'AUTHENTICATION_FAILED', 'SPEND_LIMIT', 'PROVIDER_ERROR', 'PROVIDER_OVERLOADED',
  'MODEL_DECOMMISSIONED', 'MALFORMED_RESPONSE', 'CIRCUIT_OPEN', 'STREAM_STALLED', 'DATABASE_BUSY',
];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/** An error that crosses a boundary: it always carries a code, whether to retry, and what to do. */
export class HunterError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** A provider's `retry-after`, when it gave one; the retry waits at least this long. */
  readonly retryAfterMs: number | undefined;
  readonly recordId: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable?: boolean; retryAfterMs?: number; recordId?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HunterError';
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.recordId = options.recordId;
  }

  get hint(): string {
    return ERROR_CODES[this.code].hint;
  }
}

/** Turns anything thrown into a HunterError without losing what it said. */
export function toHunterError(err: unknown): HunterError {
  if (err instanceof HunterError) return err;
  const e = err as { code?: string; message?: string } | undefined;
  if (e?.code === 'SQLITE_FULL' || e?.code === 'ENOSPC') {
    return new HunterError('DISK_FULL', 'The disk is full: ' + (e.message ?? ''), { cause: err });
  }
  if (e?.code === 'SQLITE_BUSY' || e?.code === 'SQLITE_BUSY_SNAPSHOT' || e?.code === 'SQLITE_LOCKED') {
    return new HunterError('DATABASE_BUSY', 'The database is busy with another writer; nothing was changed.', { cause: err });
  }
  if (e?.code === 'SQLITE_READONLY' || e?.code?.startsWith('SQLITE_READONLY_')) {
    return new HunterError('READ_ONLY', 'The database is open read-only: ' + (e.message ?? ''), { cause: err });
  }
  if (e?.code === 'SQLITE_CORRUPT' || e?.code === 'SQLITE_NOTADB' || e?.code?.startsWith('SQLITE_CORRUPT_')) {
    return new HunterError('DATABASE_CORRUPT', 'The database file is damaged: ' + (e.message ?? ''), { cause: err });
  }
  if (e?.code === 'ETIMEDOUT') return new HunterError('TIMEOUT', e.message ?? 'timed out', { cause: err });
  if (e?.code === 'ECONNREFUSED' || e?.code === 'ECONNRESET' || e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') {
    return new HunterError('CONNECTION_ERROR', e.message ?? 'connection failed', { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new HunterError('INTERNAL', message, { cause: err });
}

/** The seed's error entry in a RecipeOutput. */
export interface RecipeError {
  record_id: string;
  error_code: string;
  error_message: string;
  retryable: boolean;
}

export function toRecipeError(recordId: string, err: unknown): RecipeError {
  const h = toHunterError(err);
  return { record_id: recordId, error_code: h.code, error_message: h.message, retryable: h.retryable };
}
