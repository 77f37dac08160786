import { createHash, createHmac, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { dncCandidates, dncHash, normaliseDncEntry, sha256 } from '../../../main/core/dnc';
import { openDatabase, workspaceStore, Workspaces } from '../../../main/store';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-dnc-');
afterAll(() => tmp.cleanup());
const REP = { type: 'rep' as const, id: 'rep' };
let n = 0;

function fresh() {
  const db = openDatabase(tmp.file(`dnc-${++n}.db`));
  const w = new Workspaces(db);
  const store = workspaceStore(db, w.create({ name: 'A' }).id);
  const other = workspaceStore(db, w.create({ name: 'B' }).id);
  return { db, store, other };
}

const value = (raw: string, o?: Parameters<typeof normaliseDncEntry>[1]) => {
  const r = normaliseDncEntry(raw, o);
  if (!r.ok) throw new Error(r.reason);
  return { kind: r.kind, value: r.value };
};

describe('do-not-contact entries, normalised on the way in', () => {
  it('read an address in any case and with any +tag as the plain mailbox (the local part before + matches)', () => {
    expect(normaliseDncEntry('Bob+News@Acme.COM')).toEqual({ ok: true, kind: 'email', value: 'bob@acme.com' });
    expect(normaliseDncEntry('mailto:BOB@acme.com')).toEqual({ ok: true, kind: 'email', value: 'bob@acme.com' });
    expect(normaliseDncEntry('bob@')).toMatchObject({ ok: false, reason: expect.stringMatching(/not an e-mail address/) });
  });

  it('read a domain from a website, an "@domain" or a bare name, and refuse a public suffix', () => {
    expect(normaliseDncEntry('https://www.Shop.Acme.co.uk/about')).toEqual({ ok: true, kind: 'domain', value: 'shop.acme.co.uk' });
    expect(normaliseDncEntry('@acme.com')).toEqual({ ok: true, kind: 'domain', value: 'acme.com' });
    expect(normaliseDncEntry('co.uk', { kind: 'domain' })).toMatchObject({ ok: false, reason: expect.stringMatching(/public suffix/) });
  });

  it('read a phone number in E.164, with the country for a national number, and a name as the normalised business name', () => {
    expect(normaliseDncEntry('+1 (503) 555-0141')).toEqual({ ok: true, kind: 'phone', value: '+15035550141' });
    expect(normaliseDncEntry('030 1234567', { country: 'DE' })).toEqual({ ok: true, kind: 'phone', value: '+49301234567' });
    expect(normaliseDncEntry('(503) 555-0141')).toMatchObject({ ok: false, reason: expect.stringMatching(/country code/) });
    expect(normaliseDncEntry('Dr. Müller & Co. GmbH')).toEqual({ ok: true, kind: 'name', value: 'dr muller' });
    expect(normaliseDncEntry('GmbH')).toMatchObject({ ok: false, reason: expect.stringMatching(/no name left/) });
  });

  it('hash with HMAC-SHA-256 keyed by the salt, the same as node:crypto computes it', () => {
    for (const len of [0, 1, 55, 56, 64, 65, 200]) {
      const data = randomBytes(len);
      expect(Buffer.from(sha256(data)).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    }
    const salt = randomBytes(32).toString('hex');
    expect(dncHash(salt, 'email', 'bob@acme.com')).toBe(createHmac('sha256', Buffer.from(salt, 'hex')).update('email:bob@acme.com').digest('hex'));
    expect(dncHash(salt, 'email', 'bob@acme.com')).not.toBe(dncHash(randomBytes(32).toString('hex'), 'email', 'bob@acme.com'));
  });

  it('compare a lead by its addresses, the domains they are at, its own domain and website, its phones and its name', () => {
    const c = dncCandidates({ name: 'Harbor Dental', email: 'Hello+x@Mail.Harbor.example', website: 'https://www.harbor.example', phone: '503-555-0141', country: 'US' }, [{ kind: 'phone', value: '+1 503 555 0199' }]);
    expect(c.map((x) => `${x.kind}:${x.value}`)).toEqual([
      'email:hello@mail.harbor.example', 'domain:mail.harbor.example', 'domain:harbor.example', 'phone:+15035550141', 'phone:+15035550199', 'name:harbor dental',
    ]);
  });
});

describe('the do-not-contact list of a workspace', () => {
  it('blocks a lead by its e-mail in mixed case or with a +tag, by a fact\'s address, and by the domain its address or website is at', () => {
    const { db, store, other } = fresh();
    store.dnc.add([value('Maya.Lopez@Harbor.example')], { source: 'manual', actor: REP });
    expect(store.dnc.blocks({ name: 'X', email: 'MAYA.LOPEZ+promo@harbor.example' })?.reason).toMatch(/its e-mail address \(MAYA\.LOPEZ\+promo@harbor\.example\) is on the do-not-contact list \(added by hand/);
    expect(store.dnc.blocks({ name: 'X' }, [{ kind: 'email', value: 'maya.lopez@harbor.example' }])?.reason).toMatch(/one of its facts/);
    expect(store.dnc.blocksAddress('Maya.Lopez+x@HARBOR.example')?.entry.kind).toBe('email');
    expect(store.dnc.blocksAddress('info@harbor.example')).toBeNull();
    // Another workspace's list is its own.
    expect(other.dnc.blocksAddress('maya.lopez@harbor.example')).toBeNull();

    store.dnc.add([value('acme.example')], { source: 'reply', actor: REP, reason: 'replied "please stop"' });
    expect(store.dnc.blocksAddress('sales@eu.shop.acme.example')?.reason).toMatch(/is at acme\.example, which is on the do-not-contact list \(from a reply asking to stop/);
    expect(store.dnc.blocks({ name: 'Acme', website: 'https://blog.acme.example/post' })?.entry.value).toBe('acme.example');
    expect(store.dnc.blocks({ name: 'Acme', website: 'https://acme-other.example' })).toBeNull();
    db.close();
  });

  it('blocks a lead by its phone in any spelling and by its normalised name', () => {
    const { db, store } = fresh();
    store.dnc.add([value('+1 503 555 0141'), value('Zahnarztpraxis Dr. Müller GmbH')], { source: 'rejection', actor: REP });
    expect(store.dnc.blocks({ name: 'Other', phone: '(503) 555-0141', country: 'US' })?.entry.value).toBe('+15035550141');
    expect(store.dnc.blocks({ name: 'zahnarztpraxis dr. muller' })?.reason).toMatch(/its name .* is on the do-not-contact list \(from a rejection/);
    expect(store.dnc.blocks({ name: 'Zahnarztpraxis Dr. Meier' })).toBeNull();
    db.close();
  });

  it('keeps an entry once, returns the one already there, audits additions and removals', () => {
    const { db, store } = fresh();
    const first = store.dnc.add([value('bob@acme.example')], { source: 'manual', actor: REP });
    const again = store.dnc.add([value('BOB+x@acme.example')], { source: 'manual', actor: REP });
    expect(again.added).toEqual([]);
    expect(again.already_listed.map((e) => e.id)).toEqual([first.added[0]!.id]);
    store.dnc.remove(first.added[0]!.id, REP);
    expect(store.dnc.count()).toBe(0);
    expect(store.audit.list().map((e) => e.action.type)).toEqual(['dnc_added', 'dnc_removed']);
    expect(() => store.dnc.remove('dnc_nope', REP)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(store.audit.verify().ok).toBe(true);
    db.close();
  });

  it('sees an entry another connection added, and forgets one whose transaction rolled back', () => {
    const file = tmp.file(`dnc-${++n}.db`);
    const db = openDatabase(file);
    const store = workspaceStore(db, new Workspaces(db).create({ name: 'A' }).id);
    store.dnc.add([value('first@acme.example')], { source: 'manual', actor: REP });
    expect(store.dnc.blocksAddress('second@acme.example')).toBeNull();
    const cli = openDatabase(file);
    workspaceStore(cli, store.workspaceId).dnc.add([value('second@acme.example')], { source: 'manual', actor: REP });
    cli.close();
    expect(store.dnc.blocksAddress('second@acme.example')?.entry.value).toBe('second@acme.example');
    expect(() => store.tx(() => {
      store.dnc.add([value('third@acme.example')], { source: 'manual', actor: REP });
      expect(store.dnc.blocksAddress('third@acme.example')).not.toBeNull();
      throw new Error('rolled back');
    })).toThrow('rolled back');
    expect(store.dnc.blocksAddress('third@acme.example')).toBeNull();
    db.close();
  });

  it('matches a value kept only as its hash, and says so without showing a value', () => {
    const { db, store } = fresh();
    const salt = store.dnc.salt();
    store.tx(() => store.dnc.keepAsHashes([value('maya@harbor.example')], salt));
    const [entry] = store.dnc.list().rows;
    expect(entry).toMatchObject({ kind: 'email', value: null, source: 'erasure' });
    expect(store.dnc.blocks({ name: 'Someone', email: 'Maya+2@Harbor.example' })?.reason).toMatch(/lead whose data was erased .* one-way hash/);
    expect(store.dnc.blocks({ name: 'Someone', email: 'other@harbor.example' })).toBeNull();
    db.close();
  });
});
