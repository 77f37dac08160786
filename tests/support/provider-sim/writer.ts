import type { SimRequest } from './text';

/**
 * The simulator's writing "model": it answers a writer's prompt the way a real model would, as the JSON
 * asked for, from the ranked facts in the prompt, with the greeting, offer and ask the prompt gives. Like a
 * real model it sometimes adds a generic or an invented claim (tied to a fact id it does not rest on, or
 * to none), so the message check and the repair are exercised. As a refiner it reads the draft and the
 * check's findings and takes out what the findings name.
 */
export interface WriterOptions {
  /** Answer "keep" to a refinement of a draft with no findings (the default rewrites every draft). */
  keepClean?: boolean;
  /** How often a draft carries an invented claim: every nth lead (by name), 0 for never. */
  inventEvery?: number;
}

interface PromptFact {
  ref: string;
  angle: string;
  text: string;
}

export function simulatedWriter(req: SimRequest, opts: WriterOptions = {}): string {
  return req.schema === 'refined_message' ? refine(req, opts) : draft(req, opts);
}

function parse(req: SimRequest) {
  const greeting = /The greeting line, exactly: "([^"\n]+)"/u.exec(req.system)?.[1] ?? 'Hello,';
  const german = /Write in German/u.test(req.system);
  const offer = /<offer>([\s\S]*?)<\/offer>/u.exec(req.prompt)?.[1]?.trim() ?? '';
  const ask = /<call_to_action>([\s\S]*?)<\/call_to_action>/u.exec(req.prompt)?.[1]?.trim() ?? (german ? 'Hätten Sie nächste Woche Zeit für ein kurzes Gespräch?' : 'Would a short call next week be useful?');
  const name = /<lead>\n(?:[\s\S]*?\n)?name: ([^\n]+)/u.exec(req.prompt)?.[1]?.trim() ?? '';
  const facts: PromptFact[] = [];
  for (const m of req.prompt.matchAll(/^- \[(F\d+)\] \(([a-z_]+), relevance [\d.]+(?:, [^)]*)?\) (.*?) — source: /gmu)) facts.push({ ref: m[1]!, angle: m[2]!, text: m[3]! });
  return { greeting, german, offer: offer.startsWith('(') ? '' : offer, ask, name, facts };
}

function hash(s: string): number {
  let h = 7;
  for (let i = 0; i < s.length; i++) h = (h * 33 + s.charCodeAt(i)) >>> 0;
  return h;
}

const BRIDGES_EN = [
  'Details like that often decide how easily new customers can book.',
  'That is usually the moment people look for the quickest way to get in touch.',
  'News like that tends to bring a wave of new enquiries.',
  'People who notice that usually want to act on it right away.',
  'It is the kind of thing that makes people pick one business over another.',
];
const BRIDGES_DE = [
  'Gerade solche Details entscheiden oft, wie leicht neue Kunden einen Termin bekommen.',
  'Genau dann suchen viele nach dem schnellsten Weg, Kontakt aufzunehmen.',
  'So etwas bringt meist eine Welle neuer Anfragen.',
  'Wer das sieht, möchte meist gleich einen Termin.',
];

function observe(f: PromptFact, german: boolean, variant: number): { text: string; claim: string } {
  const name = f.text.split(',')[0]!;
  const v = variant % 3;
  if (german) {
    switch (f.angle) {
      case 'site_platform':
        return { text: `Ihre Website läuft auf ${f.text}.`, claim: `Ihre Website läuft auf ${f.text}` };
      case 'team':
        return { text: `Ich habe ${name} auf Ihrer Teamseite gesehen.`, claim: name };
      case 'hours':
        return /\d:\d\d/u.test(f.text) ? { text: `Ihre Öffnungszeiten sind ${f.text}.`, claim: f.text } : { text: `Ich habe Ihren Beitrag „${f.text}“ gesehen.`, claim: f.text };
      case 'services':
      case 'phone_booking':
        return { text: `Auf Ihrer Website steht: „${f.text.replace(/\.$/u, '')}“.`, claim: f.text };
      default:
        return { text: `Ich habe Ihren Beitrag „${f.text}“ gesehen.`, claim: f.text };
    }
  }
  switch (f.angle) {
    case 'site_platform':
      return { text: [`I noticed your website runs on ${f.text}.`, `Your site is built on ${f.text}.`, `Saw that your website uses ${f.text}.`][v]!, claim: `your website runs on ${f.text}` };
    case 'team':
      return { text: [`I saw ${name} on your team page.`, `Your team page lists ${name}.`, `Noticed ${name} on your team page.`][v]!, claim: name };
    case 'hours':
      return /\d:\d\d/u.test(f.text) ? { text: `I noticed your opening hours are ${f.text}.`, claim: f.text } : { text: `I saw your post "${f.text}".`, claim: f.text };
    case 'services':
    case 'phone_booking':
      return { text: `Your site says "${f.text.replace(/\.$/u, '')}".`, claim: f.text };
    case 'site_age':
      return { text: `Your website footer still shows the ${f.text.replace(/ on the website$/u, '')}.`, claim: f.text };
    case 'rating':
      return { text: `You have ${f.text}.`, claim: f.text };
    default:
      return { text: [`I saw your post "${f.text}".`, `Your latest news, "${f.text}", caught my eye.`, `Noticed your update "${f.text}".`][v]!, claim: f.text };
  }
}

function draft(req: SimRequest, opts: WriterOptions): string {
  const p = parse(req);
  const top = p.facts[0];
  const every = opts.inventEvery ?? 3;
  const invent = every > 0 && hash(p.name) % every === 0;
  const claims: Array<{ text: string; fact_id: string | null }> = [];
  const sentences: string[] = [];
  // The third kind of invention: the generic observation instead of the true one, as a provider once wrote for every lead.
  const kind = hash(p.name + 'kind') % 3;
  const replaced = invent && kind === 2;
  if (top && !replaced) {
    const o = observe(top, p.german, hash(p.name));
    sentences.push(o.text);
    claims.push({ text: o.claim, fact_id: top.ref });
  }
  if (invent) {
    // The other two: a generic observation passed off as a fact beside the true one, and a specific one made up.
    const generic = kind !== 1;
    const line = p.german
      ? generic ? 'Ihre Praxis hat kürzlich ihr Angebot erweitert.' : 'Sie sind seit über 25 Jahren für Ihre Kunden da.'
      : generic ? 'I noticed your practice recently expanded its services.' : 'It is impressive that you have been open for 25 years.';
    sentences.push(line);
    claims.push({ text: line.replace(/\.$/u, ''), fact_id: generic && top ? top.ref : null });
  }
  const bridges = p.german ? BRIDGES_DE : BRIDGES_EN;
  if (top) sentences.push(bridges[hash(`${p.name}:bridge`) % bridges.length]!);
  else if (!invent) sentences.push(p.german ? 'Ich möchte mich kurz vorstellen.' : 'I wanted to introduce myself briefly.');
  if (p.offer) sentences.push(p.offer);
  sentences.push(p.ask);
  const body = `${p.greeting}\n\n${sentences.join(' ')}`;
  const topic = top && !/\d:\d\d/u.test(top.text) ? top.text.split(/[,:;]/u)[0]!.split(/\s+/u).slice(0, 5).join(' ') : '';
  const subject = topic ? (p.german ? `Zu: ${topic}` : `about ${topic}`) : top ? (p.german ? 'Ihre Öffnungszeiten' : 'your opening hours') : p.german ? 'Kurze Vorstellung' : 'a short introduction';
  return JSON.stringify({ subject, body, angle: top?.angle ?? 'none', fact_ids_used: top ? [top.ref] : [], claims });
}

function refine(req: SimRequest, opts: WriterOptions): string {
  const p = parse(req);
  const m = /<draft>\nSubject: ([^\n]*)\n\n([\s\S]*?)\n<\/draft>/u.exec(req.prompt);
  const subject = m?.[1] ?? '';
  const body = m?.[2] ?? '';
  const check = /<check>([\s\S]*?)<\/check>/u.exec(req.prompt)?.[1] ?? '';
  const findings = [...check.matchAll(/^- (UNSUPPORTED_CLAIM|CONTRADICTED_CLAIM): .*?"([^"]+)"/gmu)].map((x) => x[2]!.toLowerCase());
  const clean = /findings:\n- none/u.test(check);
  const top = p.facts[0];
  if (clean && opts.keepClean) return JSON.stringify({ decision: 'keep', subject: '', body: '', angle: '', fact_ids_used: [], claims: [] });
  // The draft's body arrives with the app's sign-off, which the refiner must not repeat: the app adds it again.
  const lines = body.split('\n');
  const content = lines.slice(1).join('\n').trim().split(/\n\n/u)[0] ?? '';
  const kept = content.split(/(?<=[.!?])\s+/u).filter((s) => !findings.some((f) => s.toLowerCase().includes(f.slice(0, 40))));
  // A rewrite says the bridge another way, as a second model would.
  const bridges = p.german ? BRIDGES_DE : BRIDGES_EN;
  const duplicate = /^- TEMPLATE_DUPLICATE/mu.test(check);
  const topic = p.facts[0]?.text.split(/[,:;]/u)[0]!.split(/\s+/u).slice(0, 4).join(' ') ?? '';
  // Told it reads like the other drafts, a model ties the bridge to this business's own detail.
  const bridge = duplicate && topic
    ? p.german ? `Gerade bei „${topic}“ entscheidet oft die Website, ob jemand einen Termin bucht.` : `With ${topic}, the website is often what decides whether someone books.`
    : bridges[(hash(`${p.name}:bridge`) + 1 + (hash(p.name) % 2)) % bridges.length]!;
  const rewritten = kept.map((s) => (bridges.includes(s) ? bridge : s));
  // Told the draft says nothing particular, a refiner adds the best fact's observation.
  if (/^- NO_OBSERVATION/mu.test(check) && top) rewritten.unshift(observe(top, p.german, hash(p.name) + 1).text);
  return JSON.stringify({
    decision: 'rewrite',
    subject: subject || (p.german ? 'Kurze Frage' : 'a quick question'),
    body: `${p.greeting}\n\n${rewritten.join(' ')}`,
    angle: top?.angle ?? 'none',
    fact_ids_used: top ? [top.ref] : [],
    claims: top ? [{ text: top.text, fact_id: top.ref }] : [],
  });
}
