/** A lead's columns that sightings bring; `name` and `source_ref` stay the first sighting's. */
export const LEAD_COLUMNS = [
  'name', 'website', 'domain', 'phone', 'email', 'address', 'city', 'country', 'category', 'rating', 'review_count',
  'first_name', 'last_name', 'title', 'linkedin', 'place_id', 'source_ref',
] as const;
export type LeadColumn = (typeof LEAD_COLUMNS)[number];
