import * as z from 'zod';
import type { FactInput } from '../core/domain';
import { HunterError } from '../core/errors';
import { isWebmail } from '../core/email-class';

/** Hunter.io's domain search (GET /v2/domain-search), the paid finder used for gold leads when a key is set. */
export interface HunterIoOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
}

const EmailSchema = z.object({
  value: z.string(),
  type: z.string().nullish(),
  confidence: z.number().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  position: z.string().nullish(),
  seniority: z.string().nullish(),
  department: z.string().nullish(),
  linkedin: z.string().nullish(),
  twitter: z.string().nullish(),
  phone_number: z.string().nullish(),
  sources: z.array(z.object({ uri: z.string().nullish(), domain: z.string().nullish(), last_seen_on: z.string().nullish() }).passthrough()).nullish(),
  verification: z.object({ date: z.string().nullish(), status: z.string().nullish() }).nullish(),
});

const DomainSearchSchema = z.object({
  data: z.object({
    domain: z.string().nullish(),
    organization: z.string().nullish(),
    pattern: z.string().nullish(),
    webmail: z.boolean().nullish(),
    accept_all: z.boolean().nullish(),
    emails: z.array(EmailSchema).default([]),
  }),
  meta: z.object({ results: z.number().nullish() }).passthrough().nullish(),
});

export type HunterIoEmail = z.infer<typeof EmailSchema>;

export interface DomainSearchResult {
  domain: string;
  organization?: string;
  /** e.g. "{first}.{last}" */
  pattern?: string;
  accept_all?: boolean;
  emails: HunterIoEmail[];
  total?: number;
}

const ErrorBody = z.object({ errors: z.array(z.object({ id: z.string().nullish(), code: z.number().nullish(), details: z.string().nullish() })) });

export class HunterIoClient {
  private readonly baseUrl: string;

  constructor(private readonly o: HunterIoOptions) {
    if (!o.apiKey?.trim()) throw new HunterError('AUTHENTICATION_FAILED', 'No Hunter.io API key is set.');
    this.baseUrl = (o.baseUrl ?? 'https://api.hunter.io').replace(/\/+$/, '');
  }

  async domainSearch(domain: string, options: { limit?: number; signal?: AbortSignal } = {}): Promise<DomainSearchResult> {
    const url = new URL(`${this.baseUrl}/v2/domain-search`);
    url.searchParams.set('domain', domain);
    url.searchParams.set('limit', String(options.limit ?? 10));
    url.searchParams.set('api_key', this.o.apiKey);
    const timeout = AbortSignal.timeout(this.o.timeoutMs ?? 20_000);
    let res: Response;
    try {
      res = await fetch(url, { signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout, headers: { accept: 'application/json' } });
    } catch (err) {
      if (timeout.aborted) throw new HunterError('TIMEOUT', 'Hunter.io did not answer in time.', { cause: err });
      if (options.signal?.aborted) throw new HunterError('CANCELLED', 'The Hunter.io lookup was cancelled.', { cause: err });
      throw new HunterError('CONNECTION_ERROR', `Could not reach Hunter.io: ${(err as Error).message}`, { cause: err });
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!res.ok) throw errorFor(res.status, body);
    const parsed = DomainSearchSchema.safeParse(body);
    if (!parsed.success) throw new HunterError('PROVIDER_ERROR', 'Hunter.io answered in an unexpected shape.', { retryable: false });
    const d = parsed.data.data;
    const out: DomainSearchResult = { domain: d.domain ?? domain, emails: d.emails };
    if (d.organization) out.organization = d.organization;
    if (d.pattern) out.pattern = d.pattern;
    if (typeof d.accept_all === 'boolean') out.accept_all = d.accept_all;
    if (typeof parsed.data.meta?.results === 'number') out.total = parsed.data.meta.results;
    return out;
  }
}

function errorFor(status: number, body: unknown): HunterError {
  const e = ErrorBody.safeParse(body);
  const first = e.success ? e.data.errors[0] : undefined;
  const details = first?.details ?? `HTTP ${status}`;
  // Hunter.io: 401 bad key; 403 per-second/minute rate limit; 429 the plan's monthly searches are used up.
  if (status === 401) return new HunterError('AUTHENTICATION_FAILED', `Hunter.io refused the API key: ${details}`);
  if (status === 403) return new HunterError('API_RATE_LIMIT', `Hunter.io rate limit: ${details}`, { retryAfterMs: 1000 });
  if (status === 429) return new HunterError('QUOTA_EXCEEDED', `Hunter.io searches for this billing period are used up: ${details}`);
  if (status === 400 || status === 422) return new HunterError('INVALID_INPUT', `Hunter.io refused the request: ${details}`);
  if (status >= 500) return new HunterError('PROVIDER_ERROR', `Hunter.io had an error (${status}).`);
  return new HunterError('PROVIDER_ERROR', `Hunter.io answered ${status}: ${details}`, { retryable: false });
}

/** Hunter.io's results as facts: e-mails labelled paid_finder (never "found on site"), and the people behind them. */
export function hunterIoFacts(result: DomainSearchResult, observedAt: string): FactInput[] {
  const facts: FactInput[] = [];
  const source_url = `https://hunter.io/search/${result.domain}`;
  for (const e of result.emails) {
    const domain = e.value.split('@')[1]?.toLowerCase() ?? '';
    const cls = isWebmail(domain) ? 'webmail' : e.type === 'generic' ? 'role' : 'personal';
    const confidence = Math.max(0, Math.min(1, (e.confidence ?? 50) / 100));
    const detail: Record<string, unknown> = { class: cls, status: 'paid_finder', provider: 'hunter.io', sources: e.sources?.length ?? 0 };
    if (e.verification?.status) detail.provider_verification = e.verification.status;
    const name = [e.first_name, e.last_name].filter(Boolean).join(' ');
    if (name) detail.person = name;
    if (e.position) detail.role = e.position;
    facts.push({ kind: 'email', value: e.value, detail, source_url, method: 'paid_finder', confidence, observed_at: observedAt });
    if (e.first_name && e.last_name) {
      const p: Record<string, unknown> = { name, first_name: e.first_name, last_name: e.last_name, email: e.value };
      if (e.position) p.role = e.position;
      if (e.linkedin) p.linkedin = e.linkedin;
      if (e.phone_number) p.phone = e.phone_number;
      facts.push({ kind: 'person', value: name, detail: p, source_url, method: 'paid_finder', confidence: Math.min(confidence, 0.85), observed_at: observedAt });
    }
  }
  return facts;
}
