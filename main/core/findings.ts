/**
 * What the message check can find in a draft, by code: the check itself is in message-check.ts; the codes
 * stand alone so a screen or a list that only names findings does not load the check.
 */

export const FINDING_CODES = [
  'UNSUPPORTED_CLAIM', 'CONTRADICTED_CLAIM', 'PLACEHOLDER', 'INVENTED_CONTACT', 'OTHER_BUSINESS', 'OFF_TARGET', 'NO_CALL_TO_ACTION',
  'TOO_LONG', 'SPAM_PHRASE', 'GREETING', 'SENDER_MISSING', 'TEMPLATE_DUPLICATE', 'NO_OBSERVATION', 'EMPTY',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  code: FindingCode;
  message: string;
  /** The words of the message it is about, when there are some. */
  text?: string | undefined;
}

/** Findings that make a draft not sendable as it is: the score stays below one half while any is present. */
export const BLOCKING: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'UNSUPPORTED_CLAIM', 'CONTRADICTED_CLAIM', 'PLACEHOLDER', 'INVENTED_CONTACT', 'OTHER_BUSINESS', 'OFF_TARGET', 'SENDER_MISSING', 'EMPTY',
]);
