import type { DraftSpec } from './fixtures';

const WORDS = ['your', 'clinic', 'patients', 'chairs', 'booking', 'smile', 'weekend', 'whitening', 'reviews', 'Mumbai', 'naïve', 'café'];

/** A 10 000-word message in one paragraph: no line breaks for the encoder to lean on. */
export const TEN_THOUSAND_WORDS = Array.from({ length: 10_000 }, (_, i) => WORDS[i % WORDS.length]).join(' ');

export const ASCII: DraftSpec = {
  subject: "A question about Bright Smile's new clinic",
  body: 'Hi Priya,\n\nFrom what I saw on your site, the new Bandra clinic opened in May.\n>From a patient review: "best chairs in town".\nFrom here, one idea: weekend slots, booked online.   \n\nWorth a 10-minute call on Thursday?',
  recipient: 'priya@brightsmile.example',
  lead: { name: 'Bright Smile Dental', first_name: 'Priya', last_name: 'Sharma', website: 'https://brightsmile.example', phone: '+91 98200 12345' },
};

export const EMOJI: DraftSpec = {
  subject: 'Your 🦷 photos — a quick idea 👩‍⚕️',
  body: 'Hi Zoë 👋,\n\nLoved the before/after 🦷✨ gallery; the 👩‍⚕️ team photo too. 🇮🇳🇫🇷\n\nCoffee ☕ next week?',
  recipient: 'zoe@cafe-zoe.example',
  lead: { name: 'Café Zoë 😀', first_name: 'Zoë', last_name: 'Lefèvre', website: 'https://cafe-zoe.example' },
};

export const RTL: DraftSpec = {
  subject: 'سؤال سريع عن عيادتكم',
  body: 'مرحبا أحمد،\n\nرأيت أن عيادتكم افتتحت فرعا جديدا في 2024 — مبروك!\nשלום, ראיתי את האתר שלכם.\n\nهل لديكم 10 دقائق يوم الخميس؟',
  recipient: 'ahmad@smile-clinic.example',
  lead: { name: 'عيادة الابتسامة', first_name: 'أحمد', last_name: 'الهاشمي', phone: '+971 4 123 4567' },
};

export const LONG: DraftSpec = {
  subject: 'A long note',
  body: TEN_THOUSAND_WORDS,
  recipient: 'reader@longread.example',
  lead: { name: 'Long Read Ltd', website: 'https://longread.example' },
};

export const INVALID_RECIPIENT: DraftSpec = {
  subject: 'Hello',
  body: 'Hi there.',
  recipient: 'info at nowhere',
  lead: { name: 'Nowhere Inc' },
};

export const NO_RECIPIENT: DraftSpec = {
  subject: 'Hello',
  body: 'Hi there.',
  recipient: null,
  lead: { name: 'Nobody Ltd' },
};

export const INJECTED_SUBJECT: DraftSpec = {
  subject: 'Hello\r\nBcc: everyone@victim.example',
  body: 'Hi there.',
  recipient: 'ok@fine.example',
  lead: { name: 'Injector LLC' },
};
