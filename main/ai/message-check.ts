import type { z } from 'zod';
import { unverifiedContacts, wordCount } from '../core/quality';
import { parseAgainst } from './json-call';

/** Splits "Subject: …" off the top of a model's answer. */
export function splitSubject(text: string): { subject: string | null; body: string } {
  const t = text.replace(/^\s+/u, '');
  const m = /^[*#_\s]*subject\s*:\s*\**\s*(.*?)\**\s*(?:\r?\n|$)/iu.exec(t);
  if (!m) return { subject: null, body: t.trim() };
  const subject = m[1]!.trim().replace(/^["']|["']$/gu, '');
  return { subject: subject || null, body: t.slice(m[0].length).trim() };
}

/**
 * Streams the body only: holds the first characters back until it is clear whether the answer starts
 * with a "Subject:" line, then passes everything after that line through as it comes.
 */
export class SubjectSplitter {
  private buf = '';
  private decided = false;
  private atBodyStart = true;

  /** A new attempt starts from its first character again. */
  reset(): void {
    this.buf = '';
    this.decided = false;
    this.atBodyStart = true;
  }

  feed(delta: string): string {
    if (this.decided) return this.body(delta);
    this.buf += delta;
    const t = this.buf.replace(/^[\s*#_]+/u, '');
    if (!t) return '';
    const lower = t.toLowerCase();
    const maybeSubject = lower.startsWith('subject') ? /^subject\s*(:|$)/u.test(lower) : 'subject'.startsWith(lower);
    if (!maybeSubject) return this.release(this.buf);
    const nl = t.indexOf('\n');
    if (nl < 0) return t.length > 200 ? this.release(this.buf) : '';
    return this.release(t.slice(nl + 1));
  }

  private release(text: string): string {
    this.decided = true;
    this.buf = '';
    return this.body(text);
  }

  private body(text: string): string {
    if (!this.atBodyStart) return text;
    const trimmed = text.replace(/^\s+/u, '');
    if (trimmed) this.atBodyStart = false;
    return trimmed;
  }
}

export interface CleanedMessage {
  body: string;
  /** What was taken out: contacts not in the lead's facts, and text that an injected fact asked for. */
  removed: string[];
  /** Enough message is left to send. */
  usable: boolean;
}

/**
 * The post-check every model message passes: a sentence carrying a phone, e-mail or web address that
 * the lead's own data does not contain (or words an instruction-like fact asked for) is dropped.
 * If too little is left, the message is not usable and the caller falls back.
 */
export function cleanMessage(body: string, opts: { knownContacts: readonly string[]; markers: readonly string[]; maxLength: number }): CleanedMessage {
  const removed: string[] = [];
  const markerHit = (s: string) => opts.markers.find((m) => s.toLowerCase().includes(m.toLowerCase()));
  const lines = body.split(/\r?\n/u).map((line) => {
    const sentences = line.split(/(?<=[.!?])\s+(?=[\p{Lu}"'(\d])/u);
    const kept = sentences.filter((s) => {
      const bad = unverifiedContacts(s, opts.knownContacts);
      const marker = markerHit(s);
      if (bad.length === 0 && !marker) return true;
      for (const c of bad) removed.push(c.text);
      if (marker) removed.push(marker);
      return false;
    });
    return kept.join(' ');
  });
  const cleaned = lines.join('\n').replace(/\n{3,}/gu, '\n\n').trim();
  const before = wordCount(body);
  const after = wordCount(cleaned);
  const usable = after >= Math.min(12, Math.floor(opts.maxLength / 3)) && (removed.length === 0 || after >= before * 0.5);
  return { body: fitLength(cleaned, opts.maxLength), removed, usable };
}

/** Keeps a message within the agent's word limit, cutting at a sentence end when it can. */
export function fitLength(body: string, maxWords: number): string {
  if (wordCount(body) <= maxWords) return body;
  const sentences = body.split(/(?<=[.!?])(\s+)/u);
  let out = '';
  for (const s of sentences) {
    if (wordCount(out + s) > maxWords) break;
    out += s;
  }
  out = out.trim();
  if (wordCount(out) >= maxWords * 0.6) return out;
  const words = body.trim().split(/\s+/u).slice(0, maxWords).join(' ');
  return /[.!?]$/u.test(words) ? words : words.replace(/[,;:—-]+$/u, '') + '.';
}

/**
 * Streams the text of a structured answer's "body" field as it arrives, so the window shows the message
 * while the model is still writing JSON. An answer that turns out to be plain text ("Subject: …" and a
 * body) streams through the subject splitter instead.
 */
export class BodyStreamer {
  private mode: 'undecided' | 'json' | 'text' = 'undecided';
  private raw = '';
  private pos = 0;
  private state: 'seek' | 'in' | 'done' = 'seek';
  private readonly text = new SubjectSplitter();

  reset(): void {
    this.mode = 'undecided';
    this.raw = '';
    this.pos = 0;
    this.state = 'seek';
    this.text.reset();
  }

  feed(delta: string): string {
    if (this.mode === 'text') return this.text.feed(delta);
    this.raw += delta;
    if (this.mode === 'undecided') {
      const t = this.raw.replace(/^\s*(?:```(?:json)?\s*)?/u, '');
      if (!t) return '';
      if (t[0] !== '{') {
        this.mode = 'text';
        const all = this.raw;
        this.raw = '';
        return this.text.feed(all);
      }
      this.mode = 'json';
    }
    return this.extract();
  }

  private extract(): string {
    if (this.state === 'seek') {
      const m = /"body"\s*:\s*"/u.exec(this.raw);
      if (!m) return '';
      this.pos = m.index + m[0].length;
      this.state = 'in';
    }
    let out = '';
    while (this.state === 'in' && this.pos < this.raw.length) {
      const c = this.raw[this.pos]!;
      if (c === '"') {
        this.state = 'done';
        break;
      }
      if (c === '\\') {
        // An escape cut between two pieces waits for the rest.
        if (this.pos + 1 >= this.raw.length) break;
        const e = this.raw[this.pos + 1]!;
        if (e === 'u') {
          if (this.pos + 6 > this.raw.length) break;
          out += String.fromCharCode(parseInt(this.raw.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
          continue;
        }
        out += ({ n: '\n', t: '\t', r: '', b: '', f: '' } as Record<string, string>)[e] ?? e;
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
    return out;
  }
}

export interface ModelMessage {
  subject: string | null;
  body: string;
  angle: string;
  fact_ids_used: string[];
  claims: Array<{ text: string; fact_id: string | null }>;
  /** The answer was the JSON asked for (false: plain text, or a body salvaged from broken JSON). */
  structured: boolean;
}

/**
 * Reads a writing model's answer: the JSON asked for, validated; else a plain "Subject:" and body, which
 * some models write anyway; else the body salvaged from JSON cut short. Null when there is no message.
 */
export function readModelMessage<T extends { subject: string; body: string; angle: string; fact_ids_used: string[]; claims: Array<{ text: string; fact_id: string | null }> }>(
  text: string,
  schema: z.ZodType<T>,
): ModelMessage | null {
  const trimmed = text.trim().replace(/^```(?:json)?\s*|\s*```$/gu, '');
  if (!trimmed.startsWith('{')) {
    const { subject, body } = splitSubject(trimmed);
    return body ? { subject, body, angle: '', fact_ids_used: [], claims: [], structured: false } : null;
  }
  const parsed = parseAgainst(trimmed, schema);
  if (parsed.ok) {
    const v = parsed.value;
    return { subject: v.subject.trim() || null, body: v.body, angle: v.angle, fact_ids_used: v.fact_ids_used, claims: v.claims, structured: true };
  }
  const s = new BodyStreamer();
  const body = s.feed(trimmed).trim();
  if (!body) return null;
  const subject = /"subject"\s*:\s*"((?:[^"\\]|\\.)*)"/u.exec(trimmed)?.[1] ?? null;
  return { subject, body, angle: '', fact_ids_used: [], claims: [], structured: false };
}
