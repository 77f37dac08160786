/** Approved drafts into the rep's mail client: .eml, mbox, mail-merge CSV, mailto: and IMAP drafts. */
export { exportDrafts, undoExport, type ExportOptions, type UndoResult } from './service';
export { mailtoForDraft, mailtoUrl, MAILTO_MAX_LENGTH } from './mailto';
export { composeMessage, escapeFromLines, textToHtml, type ComposeOptions } from './compose';
export { mboxEntry, asctime } from './mbox';
export {
  CSV_PRESETS,
  presetCsv,
  presetHeader,
  presetColumns,
  personalSentences,
  mergeValues,
  type CsvColumn,
  type CsvPreset,
  type MergeValues,
} from './csv';
export { checkRecipient, type RecipientCheck } from './recipient';
export { complianceFooter, countryRule, leadCountry, type ComplianceFooter, type CountryFrom } from './compliance';
export { draftMessage, stableMessageId, unsafeSubject, type DraftMessage } from './message';
export { parseSender } from './sender';
export {
  saveToImapDrafts,
  testConnection,
  findDraftsMailbox,
  type ConnectionProblem,
  type ConnectionTest,
  type ImapConnectOptions,
  type ImapMessage,
  type ImapRetry,
  type ImapSaveResult,
} from './imap';
export {
  ImapAccountSchema,
  IMAP_SECURITY,
  OAUTH_PROVIDER_IDS,
  parseImapAccount,
  accountLabel,
  accountFromTarget,
  isLoopbackHost,
  type ImapAccount,
  type ImapAccountInput,
  type ImapSecurity,
  type OAuthProviderId,
} from './imap-account';
export {
  setAccountPassword,
  hasCredentials,
  forgetAccount,
  memorySecrets,
  type AccountSecretStore,
} from './account-secrets';
export { inspectCertificate, type CertificateInfo, type CertificateProblem } from './certificate';
export { signInWithBrowser, signOut, type SignInOptions, type SignedIn } from './oauth/sign-in';
export { AccessTokenCache, defaultTokenCache, type Fetch } from './oauth/tokens';
export { OAUTH_PROVIDERS, type OAuthProvider } from './oauth/providers';
export { defaultFileWriter, type FileWriter } from './files';
export {
  CSV_PRESET_IDS,
  EXPORT_FORMATS,
  ExportRequestSchema,
  ExportSenderSchema,
  ExportSummarySchema,
  ExportWarningSchema,
  ImapTargetSchema,
  type CsvPresetId,
  type ExportActor,
  type ExportFormat,
  type ExportRequest,
  type ExportRequestInput,
  type ExportSender,
  type ExportSenderInput,
  type ExportSummary,
  type ExportWarning,
  type ImapTarget,
  type SkippedDraft,
  type SkipProblem,
} from './types';
