import type { Language, Sector } from '../core/message-lexicon';
import { clienteleOf } from '../core/message-lexicon';
import type { AngleKind, CitableFact, OfferTopic } from './citable-facts';

/**
 * The angle library: for each kind of fact, ways to say the observation plainly (always in the second
 * person, always only what the fact says) and bridges from it to the offer (general statements, never
 * about the lead, so they need no fact). English and German; German uses the formal Sie.
 */

export interface AngleSlots {
  lang: Language;
  company: string;
  sector: Sector;
  clientele: string;
  fact: CitableFact;
  /** The post title turned to the second person ("we added" → "you added"), when that reads as a sentence. */
  told?: string | undefined;
  person?: string | undefined;
  role?: string | undefined;
  days?: string | undefined;
  times?: string | undefined;
  tech?: string | undefined;
  year?: number | undefined;
  street?: string | undefined;
  topic?: string | undefined;
}

type Line = (s: AngleSlots) => string | null;

export interface AngleTexts {
  observations: Line[];
  bridges: Partial<Record<OfferTopic, Line[]>> & { generic: Line[] };
  subjects: Line[];
}

const q = (t: string) => `"${t}"`;

const EN: Record<AngleKind, AngleTexts> = {
  news_hire: {
    observations: [
      (s) => (s.person && s.role ? `I saw ${s.person} has joined you as ${article(lowerRole(s.role))} ${lowerRole(s.role)}.` : null),
      (s) => (s.person ? `Saw the news that ${s.person} is new on your team.` : null),
      (s) => (s.told ? `Your news page says ${s.told}.` : null),
      (s) => `Your latest post, ${q(s.fact.text)}, caught my attention.`,
      (s) => (s.role && !/s$/u.test(s.role) ? `Noticed you're welcoming a new ${lowerRole(s.role)}.` : null),
      (s) => (s.role && /s$/u.test(s.role) ? `Noticed you're welcoming new ${lowerRole(s.role)}.` : null),
    ],
    bridges: {
      booking: [
        () => 'A new calendar fills fastest when people can pick a slot themselves, day or night.',
        (s) => `New faces get booked sooner when ${s.clientele} can see their free times online.`,
        () => 'The first weeks of a new hire are when empty slots cost the most.',
      ],
      web: [(s) => `New people are worth showing on the website, where ${s.clientele} look first.`],
      marketing: [() => 'More hands only pay off when enough work keeps coming in to fill them.'],
      it: [() => 'Every new hire is another laptop and login to set up and keep safe.', () => 'Each new desk usually means another device, another account and another backup to get right.'],
      finance: [() => 'Every new hire adds payroll, paperwork and one more thing to get right each month.'],
      generic: [() => 'A growing team usually needs the work coming in to grow with it.'],
    },
    subjects: [(s) => (s.person ? `${firstWord(s.person)} joining the team` : null), (s) => (s.role ? `your new ${lowerRole(s.role)}` : null), () => 'the new faces on your team'],
  },
  news_expansion: {
    observations: [
      (s) => (s.told ? `I saw that ${s.told}.` : null),
      (s) => (s.told ? `Your news page says ${s.told}.` : null),
      (s) => `Your post ${q(s.fact.text)} caught my attention.`,
      (s) => (s.told ? `Looks like ${s.told}.` : null),
    ],
    bridges: {
      booking: [
        () => 'More room only pays off once the extra hours are booked.',
        (s) => `New space tends to fill fastest when ${s.clientele} can book it without calling.`,
      ],
      web: [(s) => `When a business grows, the website is usually the last thing to catch up, and it is where ${s.clientele} look first.`],
      marketing: [() => 'More capacity only pays off when the calendar behind it stays full.', () => 'A bigger operation needs a steadier flow of new work to keep it busy.'],
      it: [() => 'A second site usually means a second network, more devices and backups that have to reach both.'],
      finance: [() => 'A second location usually doubles the bookkeeping before it doubles the revenue.'],
      generic: [() => 'Growth like that usually changes what the back office has to handle.'],
    },
    subjects: [(s) => (s.topic ? `your ${s.topic}` : null), () => 'the extra room to fill'],
  },
  news_service: {
    observations: [
      (s) => (s.told ? `I saw ${s.told}.` : null),
      (s) => `Your latest news is ${q(s.fact.text)}.`,
      (s) => (s.told ? `Noticed on your site that ${s.told}.` : null),
    ],
    bridges: {
      booking: [(s) => `Something new sells best when ${s.clientele} can act on it right away, online.`, () => 'A new offer is easiest to try when booking it takes one click.'],
      web: [() => 'News like that deserves a page of its own, where search can find it.'],
      marketing: [() => 'News like that is exactly what people search for, if they can find it.'],
      it: [() => 'Every new service tends to bring its own software and data to look after.'],
      finance: [() => 'A new line of work usually changes how invoices and costs need to be tracked.'],
      generic: [() => 'New offers tend to do best when people hear about them early.'],
    },
    subjects: [(s) => (s.topic ? shortTopic(s.topic) : null), () => 'something new on your site'],
  },
  hours: {
    observations: [
      (s) => (s.days && s.times ? `I saw you're open ${s.days} ${s.times}.` : null),
      (s) => (s.days ? `Noticed you're open ${s.days}.` : null),
      (s) => (s.told ? `Saw on your site that ${s.told}.` : null),
      (s) => (s.days && s.times ? `Your hours run ${s.times} ${s.days}, which stood out.` : null),
    ],
    bridges: {
      booking: [
        () => 'Those extra hours tend to go to whoever is easiest to book.',
        () => 'Slots outside office hours fill best when nobody has to phone to get one.',
        (s) => `Off-peak slots are the ones ${s.clientele} book and then forget.`,
        (s) => `Weekend and evening times are exactly when ${s.clientele} look for an appointment, and when nobody is at the desk.`,
      ],
      web: [() => 'Opening hours are the first thing people check online, often before they call.'],
      marketing: [() => 'Hours like that only pay off if people searching at that hour can find the business.'],
      it: [() => 'Longer hours mean the systems have to work when nobody from IT is around.'],
      finance: [() => 'Longer hours usually mean more shifts and more payroll to keep straight.'],
      generic: [() => 'Hours like that are a real reason to choose one business over another.'],
    },
    subjects: [(s) => (s.days ? `your ${s.days.replace(/^on /u, '').replace(/s$/u, '')} hours` : null), () => 'your opening hours'],
  },
  phone_booking: {
    observations: [
      (s) => (words(s.fact.text) <= 14 ? `Your site says ${q(trimStop(s.fact.text))}.` : null),
      () => 'I noticed appointments with you are made by phone.',
      () => 'Booking with you seems to go through the phone.',
    ],
    bridges: {
      booking: [
        () => 'A good share of people decide to book in the evening, when nobody answers.',
        () => 'People who look after closing time often just move on to the next name.',
      ],
      web: [() => 'Most people now expect to book from the page they are already on.'],
      marketing: [() => 'Every call that goes unanswered is work that goes to someone else.'],
      generic: [() => 'Phone-only booking quietly turns away the people who look in the evening.'],
    },
    subjects: [() => 'booking by phone', () => 'after-hours bookings'],
  },
  services: {
    observations: [
      (s) => (words(s.fact.text) <= 16 ? `Your site sums it up as ${q(trimStop(s.fact.text))}.` : null),
      (s) => (words(s.fact.text) <= 16 ? `I saw how your site puts it: ${q(trimStop(s.fact.text))}.` : null),
      (s) => (words(s.fact.text) <= 16 ? `${q(trimStop(s.fact.text))} is how your website describes the business.` : null),
    ],
    bridges: {
      booking: [(s) => `Services like that are easier to choose when ${s.clientele} can book the exact one they want.`],
      web: [() => 'Services like these are what people search for before they ever pick up the phone.'],
      marketing: [() => 'Work like that is exactly what people search for when they need it.', () => 'Jobs like these go to whoever shows up first when someone searches for them.'],
      it: [() => 'Work like that runs on a handful of laptops and files that cannot go missing.'],
      finance: [() => 'Work like that brings its own paperwork every month.'],
      generic: [() => 'That is a clear offer, which makes it easier to put in front of the right people.'],
    },
    subjects: [(s) => (s.topic ? shortTopic(s.topic) : null), () => 'how your site describes you', () => 'your services, found online'],
  },
  site_platform: {
    observations: [
      (s) => (s.tech ? `I noticed your website is built on ${s.tech}.` : null),
      (s) => (s.tech ? `Your site runs on ${s.tech}.` : null),
      (s) => (s.tech ? `Saw that your website uses ${s.tech}.` : null),
      (s) => (s.tech ? `Your website is a ${s.tech} site, from what I could see.` : null),
    ],
    bridges: {
      booking: [
        () => 'Sites built that way can show a business well, but rarely let people book a time in it.',
        (s) => `Most ${s.clientele} who land on a site like that still have to pick up the phone to get a time.`,
        () => 'A platform like that handles pages well; a calendar people can book from usually has to be bolted on.',
        () => 'The gap on most sites of that kind is the step from reading about a business to booking it.',
      ],
      web: [
        () => 'Builders like that are a fine start, and they tend to hit limits once bookings and forms matter.',
        () => 'A platform like that is easy to start with and harder to grow with.',
      ],
      marketing: [() => 'Sites on builders like that often need extra work before they rank for local searches.'],
      it: [() => 'Sites like that are easy to edit and easy to forget when logins and updates pile up.'],
      generic: [() => 'That tells me a little about how the business runs online.'],
    },
    subjects: [(s) => (s.tech ? `your ${s.tech} site` : null), () => 'your website'],
  },
  site_age: {
    observations: [
      (s) => (s.year ? `The copyright line on your website still says ${s.year}.` : null),
      (s) => (s.year ? `Noticed your site's footer still reads ${s.year}.` : null),
    ],
    bridges: {
      booking: [() => 'People read an old footer as a sign nobody is minding the site, and book elsewhere.'],
      web: [() => 'People judge a business by its site before they ever call.', () => 'A dated footer is small, but visitors notice it before anything else.', () => 'Visitors read a site that looks untouched as a business that is hard to reach.'],
      marketing: [() => 'Search engines and visitors both treat an untouched site as a quiet business.'],
      it: [() => 'A site nobody has touched in a while usually has updates waiting too.'],
      generic: [() => 'Small signs like that shape what people expect before they get in touch.'],
    },
    subjects: [() => 'your website footer', (s) => (s.year ? `your site's ${s.year} footer` : null)],
  },
  booking: {
    observations: [(s) => (s.tech ? `I saw you already take bookings through ${s.tech}.` : null), (s) => (s.tech ? `Your booking runs through ${s.tech}.` : null)],
    bridges: {
      booking: [() => 'A booking link works best when reminders follow it, so the slot is actually used.'],
      web: [() => 'Booking tools work best when the rest of the site is built around them.'],
      marketing: [() => 'With booking in place, the next step is getting more people to that page.'],
      generic: [() => 'That makes the next step for a new customer easy.'],
    },
    subjects: [(s) => (s.tech ? `your ${s.tech} bookings` : null)],
  },
  blog: {
    observations: [
      (s) => (s.topic ? `I saw your post on ${s.topic}.` : null),
      (s) => `Saw your post ${q(s.fact.text)}.`,
      (s) => (s.topic ? `Your blog has a post on ${s.topic}.` : null),
      (s) => `Your newest post is titled ${q(s.fact.text)}.`,
    ],
    bridges: {
      booking: [
        () => 'Readers who find a post like that are one step from booking, if the page lets them.',
        (s) => `Posts like that bring ${s.clientele} in; what they can do next decides whether they book.`,
        () => 'A post like that earns the visit; a booking button next to it earns the appointment.',
        (s) => `Topics like that are what ${s.clientele} search for just before they choose where to go.`,
      ],
      web: [() => 'Posts like that are what search sends people to, so the page around them matters.'],
      marketing: [() => 'Posts like that are what people find through search, when the site is set up for it.'],
      it: [() => 'Topics like that are exactly what clients worry about with their own data.'],
      finance: [() => 'Questions like that tend to come in all at once each season.'],
      generic: [() => 'Writing like that builds trust long before anyone gets in touch.'],
    },
    subjects: [(s) => (s.topic ? `your post on ${shortTopic(s.topic)}` : null), () => 'your latest post'],
  },
  team: {
    observations: [
      (s) => (s.person && s.role ? `I saw ${s.person} (${lowerRole(s.role)}) on your team page.` : null),
      (s) => (s.person ? `Your team page lists ${s.person}${s.role ? `, ${lowerRole(s.role)}` : ''}.` : null),
      (s) => (s.person && s.role ? `Noticed ${s.person} works with you as ${article(lowerRole(s.role))} ${lowerRole(s.role)}.` : null),
    ],
    bridges: {
      booking: [
        (s) => `Each person on a team has their own calendar, and ${s.clientele} like to pick who they see.`,
        (s) => `${capital(s.clientele)} who know a name from the team page often want to book with that person directly.`,
      ],
      web: [() => 'Team pages are among the most visited on a small business site.'],
      marketing: [() => 'A named, visible team is one of the strongest reasons people choose a local business.'],
      it: [() => 'Every person on a team is another laptop, login and inbox to keep safe.'],
      finance: [() => 'Every person on a team adds to the monthly payroll work.'],
      generic: [() => 'A team people can put names to is a real strength.'],
    },
    subjects: [(s) => (s.person ? `${firstWord(s.person)} and the team` : null), () => 'your team page'],
  },
  rating: {
    observations: [
      (s) => `You have ${s.fact.parts.rating} stars from ${s.fact.parts.reviews} reviews, well above what is usual for ${sectorPlural(s.sector)}.`,
      (s) => `Your ${s.fact.parts.reviews} reviews averaging ${s.fact.parts.rating} stars stood out among ${sectorPlural(s.sector)} nearby.`,
    ],
    bridges: {
      booking: [() => 'A reputation like that brings people to the site; booking has to keep up with it.'],
      web: [() => 'Reviews like those deserve a site that turns them into visits.'],
      marketing: [() => 'A reputation like that is worth putting in front of more people searching nearby.'],
      generic: [() => 'A reputation like that is the hardest part, and it is already done.'],
    },
    subjects: [(s) => `${s.fact.parts.reviews} reviews`, () => 'your reviews'],
  },
  location: {
    observations: [
      (s) => (s.street ? `I saw you're on ${s.street}.` : null),
      (s) => (s.street ? `Your place on ${s.street} came up when I was looking nearby.` : null),
      (s) => (s.street ? `I came across your ${s.sector === 'health' ? 'practice' : 'business'} on ${s.street} while looking at ${sectorPlural(s.sector)} nearby.` : null),
      (s) => (s.street ? `Your address on ${s.street} put you on my list of ${sectorPlural(s.sector)} to write to.` : null),
    ],
    bridges: {
      booking: [
        (s) => `Local ${s.clientele} tend to book with whoever makes it easiest.`,
        (s) => `On a busy street, the ${s.clientele} who find a business online decide in a minute whether to book.`,
        (s) => `Most ${s.clientele} nearby compare two or three places online and book the one that lets them.`,
      ],
      marketing: [() => 'Nearby searches decide a lot of who gets the next job.'],
      generic: [() => 'Local businesses are what I work with most.'],
    },
    subjects: [(s) => (s.street ? `your ${s.street} location` : null)],
  },
};

const DE: Record<AngleKind, AngleTexts> = {
  news_hire: {
    observations: [
      (s) => (s.person ? `ich habe gesehen, dass ${s.person} neu in Ihrem Team ist.` : null),
      (s) => (s.person && s.role ? `Auf Ihrer Website stellen Sie ${s.person} als neue Verstärkung vor (${s.role}).` : null),
      (s) => `Ihre jüngste Meldung lautet ${dq(s.fact.text)}.`,
    ],
    bridges: {
      booking: [() => 'Ein neuer Kalender füllt sich am schnellsten, wenn Termine rund um die Uhr online buchbar sind.', () => 'Neue Kolleginnen und Kollegen sind schneller ausgelastet, wenn Termine nicht nur per Telefon vergeben werden.'],
      web: [() => 'Neue Gesichter gehören auf die Website, denn dort schauen Interessenten zuerst nach.'],
      generic: [() => 'Mit jedem neuen Kopf wächst auch die Zahl der Anfragen, die beantwortet werden wollen.'],
    },
    subjects: [(s) => (s.person ? `Neu im Team: ${s.person}` : null), () => 'Ihr wachsendes Team'],
  },
  news_expansion: {
    observations: [
      (s) => (s.told ? `ich habe gelesen: ${s.told}.` : null),
      (s) => `Ihre Meldung ${dq(s.fact.text)} ist mir aufgefallen.`,
      (s) => (s.told ? `auf Ihrer Website steht: ${s.told}.` : null),
    ],
    bridges: {
      booking: [() => 'Mehr Raum lohnt sich erst, wenn die zusätzlichen Termine auch gebucht werden.'],
      web: [() => 'Wenn ein Betrieb wächst, hinkt die Website oft hinterher, obwohl dort der erste Eindruck entsteht.'],
      generic: [() => 'Wachstum verändert meist auch, was im Hintergrund organisiert werden muss.'],
    },
    subjects: [(s) => (s.topic ? `Ihr ${s.topic}` : null), () => 'mehr Platz, mehr Termine'],
  },
  news_service: {
    observations: [
      (s) => (s.told ? `ich habe gesehen: ${s.told}.` : null),
      (s) => `Ihre jüngste Meldung lautet ${dq(s.fact.text)}.`,
    ],
    bridges: {
      booking: [() => 'Ein neues Angebot wird am ehesten genutzt, wenn man den passenden Termin direkt online buchen kann.', (s) => `Gerade ${s.clientele}, die zögern, buchen lieber online, als anzurufen.`],
      web: [() => 'Ein neues Angebot verdient eine eigene Seite, die man über die Suche findet.'],
      generic: [() => 'Neue Angebote kommen am besten an, wenn man früh davon erfährt.'],
    },
    subjects: [() => 'Neues in Ihrer Praxis', () => 'Ihre jüngste Meldung'],
  },
  hours: {
    observations: [
      (s) => (s.told ? `ich habe gesehen: ${s.told}.` : null),
      (s) => (s.days && s.times ? `Sie haben ${s.days} ${s.times} geöffnet.` : null),
      (s) => (s.days ? `auf Ihrer Website habe ich gesehen, dass Sie ${s.days} geöffnet haben.` : null),
    ],
    bridges: {
      booking: [(s) => `Zusätzliche Termine füllen sich am schnellsten, wenn ${s.clientele} sie selbst online buchen können.`, () => 'Termine außerhalb der üblichen Zeiten gehen meist an den, bei dem man am einfachsten buchen kann.'],
      web: [() => 'Öffnungszeiten sind das Erste, was Interessenten online nachsehen.'],
      generic: [() => 'Solche Zeiten sind ein echter Grund, sich für eine Praxis zu entscheiden.'],
    },
    subjects: [(s) => (s.days ? `Ihre Öffnungszeiten ${s.days}` : null), () => 'Ihre Öffnungszeiten'],
  },
  phone_booking: {
    observations: [
      () => 'auf Ihrer Website steht, dass Sie Termine telefonisch vergeben.',
      () => 'ich habe gesehen, dass Termine bei Ihnen telefonisch vereinbart werden.',
    ],
    bridges: {
      booking: [() => 'Viele Menschen suchen abends nach einem Termin, wenn niemand mehr ans Telefon geht.', () => 'Wer nach Feierabend sucht und niemanden erreicht, versucht es meist beim Nächsten.'],
      web: [() => 'Viele erwarten heute, direkt auf der Seite buchen zu können, auf der sie gerade sind.'],
      generic: [() => 'Nur telefonische Terminvergabe verliert gerade die Anfragen am Abend.'],
    },
    subjects: [() => 'Terminvergabe per Telefon', () => 'Termine nach Feierabend'],
  },
  services: {
    observations: [
      (s) => (words(s.fact.text) <= 16 ? `auf Ihrer Website steht: ${dq(trimStop(s.fact.text))}.` : null),
      (s) => (words(s.fact.text) <= 16 ? `Ihre Website beschreibt ${s.sector === 'legal' ? 'die Kanzlei' : 'Ihr Angebot'} so: ${dq(trimStop(s.fact.text))}.` : null),
    ],
    bridges: {
      booking: [(s) => `Bei solchen Leistungen möchten ${s.clientele} gleich den passenden Termin auswählen.`],
      web: [() => 'Genau nach solchen Schwerpunkten suchen Menschen, bevor sie zum Telefon greifen.', (s) => (s.sector === 'legal' ? 'Wer eine Fachanwältin oder einen Fachanwalt braucht, sucht meist abends online, nicht am nächsten Morgen am Telefon.' : null)],
      generic: [() => 'Ein klarer Schwerpunkt macht es leichter, die richtigen Menschen zu erreichen.'],
    },
    subjects: [() => 'Ihr Schwerpunkt', () => 'Ihre Leistungen'],
  },
  site_platform: {
    observations: [
      (s) => (s.tech ? `Ihre Website läuft auf ${s.tech}.` : null),
      (s) => (s.tech ? `ich habe gesehen, dass Ihre Website mit ${s.tech} gebaut ist.` : null),
    ],
    bridges: {
      booking: [() => 'Solche Baukästen zeigen einen Betrieb gut, Terminbuchung können sie aber selten.'],
      web: [() => 'Baukästen sind ein guter Anfang, stoßen aber an Grenzen, sobald Termine und Formulare wichtig werden.'],
      generic: [() => 'Das verrät ein wenig darüber, wie der Betrieb online aufgestellt ist.'],
    },
    subjects: [(s) => (s.tech ? `Ihre ${s.tech}-Website` : null), () => 'Ihre Website'],
  },
  site_age: {
    observations: [(s) => (s.year ? `im Impressum Ihrer Website steht noch ${s.year}.` : null), (s) => (s.year ? `in der Fußzeile Ihrer Website steht noch das Jahr ${s.year}.` : null)],
    bridges: {
      web: [() => 'Viele beurteilen einen Betrieb nach seiner Website, bevor sie anrufen.'],
      booking: [() => 'Eine sichtbar alte Seite lässt viele weitersuchen, bevor sie einen Termin anfragen.'],
      generic: [() => 'Solche Kleinigkeiten prägen den ersten Eindruck.'],
    },
    subjects: [() => 'Ihre Website'],
  },
  booking: {
    observations: [(s) => (s.tech ? `Sie nutzen bereits ${s.tech} für Termine.` : null)],
    bridges: { generic: [() => 'Damit ist der erste Schritt für neue Patienten schon leicht.'] },
    subjects: [(s) => (s.tech ? `Ihre Termine über ${s.tech}` : null)],
  },
  blog: {
    observations: [
      (s) => `ich habe Ihren Beitrag ${dq(s.fact.text)} gesehen.`,
      (s) => `Ihr neuester Beitrag heißt ${dq(s.fact.text)}.`,
    ],
    bridges: {
      booking: [() => 'Wer über so einen Beitrag auf die Website kommt, ist nur einen Schritt von einem Termin entfernt, wenn die Seite es zulässt.'],
      web: [(s) => (s.sector === 'legal' ? 'Über solche Beiträge finden Menschen eine Kanzlei, deshalb zählt die Seite drumherum.' : null), () => 'Solche Beiträge bringen Besucher über die Suche, und dann entscheidet die Website.'],
      generic: [() => 'Solche Beiträge schaffen Vertrauen, lange bevor sich jemand meldet.'],
    },
    subjects: [() => 'Ihr aktueller Beitrag'],
  },
  team: {
    observations: [
      (s) => (s.person && s.role ? `auf Ihrer Teamseite steht ${s.person}, ${s.role}.` : null),
      (s) => (s.person ? `ich habe ${s.person} auf Ihrer Teamseite gesehen.` : null),
    ],
    bridges: {
      booking: [(s) => `Jede Person im Team hat ihren eigenen Kalender, und ${s.clientele} möchten oft selbst wählen, zu wem sie gehen.`],
      generic: [() => 'Ein Team mit Namen und Gesichtern ist ein echter Vorteil.'],
    },
    subjects: [() => 'Ihr Team'],
  },
  rating: {
    observations: [(s) => `Sie haben ${fmtDe(s.fact.parts.rating)} Sterne aus ${s.fact.parts.reviews} Bewertungen, deutlich mehr als üblich.`],
    bridges: {
      booking: [() => 'Ein solcher Ruf bringt Besucher auf die Website; die Terminbuchung muss da mithalten.'],
      generic: [() => 'Ein solcher Ruf ist das Schwierigste, und er ist schon da.'],
    },
    subjects: [(s) => `${s.fact.parts.reviews} Bewertungen`],
  },
  location: {
    observations: [(s) => (s.street ? `Ihre Praxis liegt in der ${s.street}.` : null)],
    bridges: { generic: [() => 'Vor Ort entscheidet oft, wo man am einfachsten einen Termin bekommt.'] },
    subjects: [() => 'Ihr Standort'],
  },
};

/** A bridge that points back at the observation ("Hours like that…") cannot come before it. */
export function refersBack(bridge: string): boolean {
  return /\b(?:like (?:that|those|these)|that way|those|these|such|solche[rns]?|so einen?|ein solcher|damit)\b|^(?:that|this|more room|new space|mehr raum|mit jedem)\b/iu.test(bridge);
}

export function angleTexts(lang: Language, angle: AngleKind): AngleTexts {
  return (lang === 'de' ? DE : EN)[angle];
}

/** Openings for a lead with nothing specific known: honest about it, with no observation to invent. */
export const NOTHING_KNOWN: Record<Language, Array<(s: { category: string | null; city: string | null; sector: Sector }) => string>> = {
  en: [
    (s) => (s.city ? `I work with ${sectorPlural(s.sector)} in ${s.city} and wanted to introduce myself briefly.` : `I work with ${sectorPlural(s.sector)} and wanted to introduce myself briefly.`),
    (s) => (s.city ? `A short note to introduce myself: I work with ${sectorPlural(s.sector)} around ${s.city}.` : `A short note to introduce myself: I work with ${sectorPlural(s.sector)}.`),
  ],
  de: [
    (s) => (s.city ? `ich arbeite mit ${sectorPluralDe(s.sector)} in ${s.city} und möchte mich kurz vorstellen.` : `ich arbeite mit ${sectorPluralDe(s.sector)} und möchte mich kurz vorstellen.`),
  ],
};

export function sectorPlural(sector: Sector): string {
  switch (sector) {
    case 'health':
      return 'practices';
    case 'vet':
      return 'veterinary practices';
    case 'food':
      return 'cafés and restaurants';
    case 'legal':
      return 'law firms';
    case 'finance':
      return 'accounting firms';
    case 'beauty':
      return 'salons';
    case 'fitness':
      return 'studios and gyms';
    case 'trades':
      return 'local trades businesses';
    case 'hospitality':
      return 'hotels';
    case 'retail':
      return 'shops';
    default:
      return 'small businesses';
  }
}

function sectorPluralDe(sector: Sector): string {
  switch (sector) {
    case 'health':
      return 'Praxen';
    case 'legal':
      return 'Kanzleien';
    case 'food':
      return 'Cafés und Restaurants';
    case 'finance':
      return 'Steuerbüros';
    default:
      return 'kleinen Betrieben';
  }
}

export function clientele(sector: Sector, lang: Language): string {
  return clienteleOf(sector, lang);
}

function capital(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

function article(noun: string): string {
  return /^[aeiou]/iu.test(noun) ? 'an' : 'a';
}

/** An English job title as a common noun ("Office Manager" → "office manager"); acronyms stay. */
function lowerRole(role: string): string {
  return role.replace(/\b(\p{Lu})(\p{Ll}+)/gu, (_m, a: string, b: string) => a.toLowerCase() + b);
}

function words(s: string): number {
  return (s.match(/\S+/gu) ?? []).length;
}

function trimStop(s: string): string {
  return s.replace(/[.!\s]+$/u, '');
}

function shortTopic(t: string): string {
  const w = t.split(/\s+/u);
  return w.length <= 5 ? t : w.slice(0, 5).join(' ').replace(/[,:;]$/u, '') + '…';
}

function firstWord(s: string): string {
  return s.replace(/^(?:Dr\.?|Prof\.?)\s+/u, '').split(/\s+/u)[0]!;
}

function dq(t: string): string {
  return `„${t}“`;
}

function fmtDe(n: number | undefined): string {
  return n === undefined ? '' : String(n).replace('.', ',');
}
