import { describe, expect, it } from 'vitest';
import { runHunter } from '../../support/hunter-cli';
import { sharedFixture } from '../../support/shared-fixtures';

const FIXTURES = sharedFixture() + '/';

describe('hunter gmaps-parse and inspect', () => {
  it('turns a saved Google Maps payload into the normalised place', async () => {
    const r = await runHunter(['gmaps-parse', `${FIXTURES}gmaps/place-payload-paris-doctor.json`, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      name: 'Docteur Brault Nicolas', categories: ['Chirurgien plasticien'], rating: 4.8, review_count: 20,
      phone: '+33 1 56 01 75 69', place_id: 'ChIJhdcKmw9t5kcRkk9Ena5LFKg',
    });
  });

  it('refuses a file that holds no place with a coded error', async () => {
    const r = await runHunter(['gmaps-parse', `${FIXTURES}pages/ebrosia.de.zinfandel.html`, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('INVALID_INPUT');
  });

  it('prints every fact of a saved page with its method and ISO dates', async () => {
    const r = await runHunter(['inspect', `${FIXTURES}pages/caktusgroup.com.django.html`, '--url', 'https://www.caktusgroup.com/blog/', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { facts: Array<{ kind: string; value: string; method: string; observed_at: string }> };
    expect(out.facts.some((f) => f.kind === 'email' && f.value === 'solutions@caktusgroup.com')).toBe(true);
    for (const f of out.facts) {
      expect(f.method).toBeTruthy();
      expect(f.observed_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
  });
});
