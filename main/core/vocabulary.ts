/**
 * The product's fixed words, once: what a lead's tier, a draft's status, a fact's kind, an export's format,
 * a CSV column's field and an export preset can be. Core, the IPC contract (and through it the window) and
 * the sources all import them from here, so no list is written twice. Pure: no imports at all.
 */

/** Where a lead came from. A lead found twice keeps both. */
export const LEAD_SOURCES = ['csv', 'google_maps', 'osm', 'manual', 'sample'] as const;

export const QUALITY_TIERS = ['gold', 'silver', 'skipped'] as const;

/** `scheduled`: a follow-up waiting for its day; `cancelled`: a follow-up a reply, a bounce or the do-not-contact list stopped. */
export const DRAFT_STATUSES = ['pending_review', 'approved', 'rejected', 'exported', 'expired', 'scheduled', 'cancelled'] as const;

/** Where a message goes: e-mail is the draft itself, the others are versions made from it (issue 16). */
export const OUTREACH_CHANNELS = ['email', 'sms', 'whatsapp', 'linkedin', 'linkedin_note', 'facebook'] as const;
export type OutreachChannel = (typeof OUTREACH_CHANNELS)[number];
/** The channels other than e-mail: the versions made from an e-mail draft. */
export type ChatChannel = Exclude<OutreachChannel, 'email'>;
export const CHAT_CHANNELS = OUTREACH_CHANNELS.filter((c): c is ChatChannel => c !== 'email');

/** Why the rep turned a draft down; the last also puts the person on the do-not-contact list. */
export const REJECTION_REASONS = ['wrong_person', 'wrong_business', 'bad_message', 'not_now', 'do_not_contact'] as const;

/** What a lead's first message led to, as its replies tell (issue 16). */
export const LEAD_OUTCOMES = ['no_reply_yet', 'replied', 'positive', 'not_now', 'stop', 'bounced'] as const;

export const DRAFT_VERSION_KINDS = ['draft', 'refined', 'edited'] as const;

/** What a fact is about. */
export const FACT_KINDS = [
  'email', 'phone', 'person', 'social', 'tech', 'address', 'opening_hours', 'rating', 'review_count', 'category', 'content_freshness',
  'last_updated', 'blog_post', 'blog_activity', 'description', 'business', 'website_status',
] as const;

export const EXPORT_FORMATS = ['eml', 'mbox', 'csv', 'imap'] as const;

/** The exports whose CSV headers are recognised (the import preview offers them). */
export const CSV_PRESETS = ['generic', 'apollo', 'linkedin_sales_navigator', 'google_sheets', 'google_maps_scraper'] as const;

/** What a CSV column can mean. `name` is the company (the lead); person columns describe a contact there. */
export const CSV_FIELDS = [
  'name', 'website', 'phone', 'email', 'address', 'street', 'postal_code', 'state', 'city', 'country', 'category', 'rating', 'review_count',
  'first_name', 'last_name', 'full_name', 'title', 'linkedin', 'company_linkedin', 'place_id', 'employees',
] as const;
