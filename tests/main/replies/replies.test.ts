import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableMessageId } from '../../../main/export';
import { classify } from '../../../main/replies/classify';
import { dovecotAvailable, dovecotMissingReason, startDovecot, type DovecotServer } from '../../support/dovecot';
import { tempDir } from '../../support/temp';
import { world, type World } from '../services/outreach-support';

if (!dovecotAvailable) console.warn(`reply check tests skipped: ${dovecotMissingReason}`);

const tmp = tempDir('hunter-replies-');
let server: DovecotServer;
beforeAll(async () => {
  if (dovecotAvailable) server = await startDovecot();
});
afterAll(async () => {
  await server?.stop();
  tmp.cleanup();
});

/** Puts raw messages into the rep's INBOX, as their provider would deliver them. */
async function deliver(...raws: string[]): Promise<void> {
  const c = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false, disableAutoIdle: true });
  await c.connect();
  for (const r of raws) await c.append('INBOX', Buffer.from(r.replace(/\n/g, '\r\n')), []);
  await c.logout();
}

/** Every flag in the INBOX: a read-only check must leave them as they were (nothing \Seen). */
async function inboxFlags(): Promise<string[]> {
  const c = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false, disableAutoIdle: true });
  await c.connect();
  const lock = await c.getMailboxLock('INBOX', { readOnly: true });
  const flags: string[] = [];
  try {
    for await (const m of c.fetch('1:*', { flags: true })) flags.push(...(m.flags ?? []));
  } finally {
    lock.release();
  }
  await c.logout();
  return flags;
}

const mail = (o: { from: string; subject: string; inReplyTo?: string; extra?: string; body: string; contentType?: string }) => [
  `From: ${o.from}`, 'To: alex@chairfill.example', `Subject: ${o.subject}`, 'Date: Mon, 09 Mar 2026 09:00:00 +0000', `Message-ID: <${Math.random().toString(36).slice(2)}@mail.example>`,
  ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []), ...(o.extra ? [o.extra] : []),
  'MIME-Version: 1.0', o.contentType ?? 'Content-Type: text/plain; charset=utf-8', '', o.body, '',
].join('\n');

async function exported(w: World, name: string, email: string): Promise<string> {
  const { draftId } = w.addLead({ name, email, first_name: name.split(' ')[0] });
  w.services.drafts.approve(w.ctx, draftId);
  await w.services.exports.export(w.ctx, { format: 'eml', ids: [draftId], out_dir: tmp.file(`out-${draftId}`) });
  return draftId;
}

describe.skipIf(!dovecotAvailable)('replies from the rep’s own mailbox (real Dovecot, read-only)', () => {
  it('a reply to an exported Message-ID cancels follow-ups; a bounce does too; an auto-reply does not; "stop" lists the sender', async () => {
    const w = world(tmp.file('r.db'), tmp.dir);
    try {
      w.services.mail.save(w.ctx, { host: server.host, port: server.port, security: 'none', user: server.user, login: 'password' }, server.password);
      const replied = await exported(w, 'Jordan Dental', 'jordan@bright.example');
      const bounced = await exported(w, 'Nowhere Dental', 'ghost@nowhere.example');
      const away = await exported(w, 'Away Dental', 'kim@away.example');
      const stopper = await exported(w, 'Stop Dental', 'pat@stop.example');
      const spanish = await exported(w, 'Clinica Sol', 'ana@sol.example');
      for (const id of [replied, bounced, away, stopper, spanish]) expect(w.store.followUps.of(id).map((f) => f.status)).toEqual(['scheduled', 'scheduled']);
      const mid = (id: string) => stableMessageId(id, 'chairfill.example');
      await deliver(
        mail({ from: 'Jordan <jordan@bright.example>', subject: 'Re: your note', inReplyTo: mid(replied), body: 'Sounds good, let\'s talk on Tuesday.\n\nOn Fri, Alex wrote:\n> Would a short call next week be useful?' }),
        mail({
          from: 'Mail Delivery System <MAILER-DAEMON@mx.example>', subject: 'Undelivered Mail Returned to Sender',
          contentType: 'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
          body: ['--b1', 'Content-Type: text/plain', '', 'Your message could not be delivered.', '--b1', 'Content-Type: message/delivery-status', '',
            'Reporting-MTA: dns; mx.example', '', 'Final-Recipient: rfc822; ghost@nowhere.example', 'Action: failed', 'Status: 5.1.1', '', '--b1',
            'Content-Type: text/rfc822-headers', '', `Message-ID: ${mid(bounced)}`, 'Subject: your Saturday slots', '--b1--'].join('\n'),
        }),
        mail({ from: 'kim@away.example', subject: 'Automatic reply: your note', inReplyTo: mid(away), extra: 'Auto-Submitted: auto-replied', body: 'I am out of the office until Monday. I am interested in hearing from you then.' }),
        mail({ from: 'pat@stop.example', subject: 'Re: your note', inReplyTo: mid(stopper), body: 'Please stop emailing me.' }),
        mail({ from: 'ana@sol.example', subject: 'Re: su nota', inReplyTo: mid(spanish), body: 'Hola, gracias por el mensaje. Lo hablamos con el equipo y le escribimos.' }),
        mail({ from: 'newsletter@shop.example', subject: 'Our spring sale', body: 'Big discounts.' }),
      );
      const r = await w.outreach.checkReplies(w.ctx);
      expect(r).toMatchObject({ replies: 3, positive: 1, stop: 1, bounces: 1, auto_replies: 1, listed: 1, scanned: 6, more: false });
      const outcomeOf = (id: string) => w.store.outcomes.of(w.store.drafts.get(id).lead_id);
      expect([outcomeOf(replied), outcomeOf(bounced), outcomeOf(away), outcomeOf(stopper), outcomeOf(spanish)]).toEqual(['positive', 'bounced', 'no_reply_yet', 'stop', 'replied']);
      expect(w.store.followUps.of(replied).map((f) => [f.status, f.cancel_reason])).toEqual([['cancelled', 'replied'], ['cancelled', 'replied']]);
      expect(w.store.followUps.of(bounced).map((f) => f.cancel_reason)).toEqual(['bounced', 'bounced']);
      expect(w.store.followUps.of(away).map((f) => f.status)).toEqual(['scheduled', 'scheduled']);
      expect(w.store.dnc.blocksAddress('pat@stop.example')?.entry).toMatchObject({ source: 'reply' });
      expect(w.store.dnc.blocksAddress('jordan@bright.example')).toBeNull();
      // Read-only: nothing was marked as read; a second check reads nothing again.
      expect(await inboxFlags()).not.toContain('\\Seen');
      const again = await w.outreach.checkReplies(w.ctx);
      expect(again).toMatchObject({ scanned: 0, replies: 0 });
    } finally {
      w.close();
    }
  });
});

describe.skipIf(!dovecotAvailable)('a full inbox', () => {
  it('is read a bounded batch per check; the next check goes on where the last stopped, and nothing is counted twice', async () => {
    const w = world(tmp.file('batches.db'), tmp.dir);
    try {
      w.services.mail.save(w.ctx, { host: server.host, port: server.port, security: 'none', user: server.user, login: 'password' }, server.password);
      const draft = await exported(w, 'Birch Dental', 'lee@birch.example');
      const news = Array.from({ length: 7 }, (_, i) => mail({ from: `News ${i} <news${i}@list.example>`, subject: `Newsletter ${i}`, body: 'Our spring offers.' }));
      await deliver(...news, mail({ from: 'Lee <lee@birch.example>', subject: 'Re: your note', inReplyTo: stableMessageId(draft, 'chairfill.example'), body: 'Yes, call me on Monday.' }));
      const inbox = await countInbox();
      let scanned = 0, replies = 0, checks = 0;
      for (let more = true; more && checks < 50; checks++) {
        const r = await w.outreach.checkReplies(w.ctx, { maxMessages: 3 });
        expect(r.scanned).toBeLessThanOrEqual(3);
        scanned += r.scanned;
        replies += r.replies;
        more = r.more;
      }
      expect(checks).toBeGreaterThan(1);
      expect(scanned).toBe(inbox);
      expect(replies).toBe(1);
      // Read to the end: a further check reads nothing new.
      expect(await w.outreach.checkReplies(w.ctx, { maxMessages: 3 })).toMatchObject({ scanned: 0, replies: 0, more: false });
    } finally {
      w.close();
    }
  });
});

/** How many messages the INBOX holds now. */
async function countInbox(): Promise<number> {
  const c = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false, disableAutoIdle: true });
  await c.connect();
  const status = await c.status('INBOX', { messages: true });
  await c.logout();
  return status ? (status.messages ?? 0) : 0;
}

describe('classification', () => {
  const h = (subject: string, raw = '', from = 'someone@lead.example') => ({ from, subject, inReplyTo: null, references: [], raw });
  it('never calls an unreadable, negated or quoted message positive', () => {
    expect(classify(h('Re: x'), 'Not interested, thanks.')).toMatchObject({ kind: 'reply', tone: 'replied' });
    expect(classify(h('Re: x'), 'Danke.\n\nAm Montag schrieb Alex <a@b.c>:\n> Klingt gut? Sounds good')).toMatchObject({ tone: 'replied' });
    expect(classify(h('Re: x'), '谢谢，我们考虑一下。')).toMatchObject({ kind: 'reply', tone: 'replied' });
    expect(classify(h('Re: x'), 'Ja, gerne! Rufen Sie mich an.')).toMatchObject({ tone: 'positive', language: 'de' });
    expect(classify(h('Re: x'), 'Maybe next quarter.')).toMatchObject({ tone: 'not_now' });
    expect(classify(h('Re: x'), 'Bitte abmelden.')).toMatchObject({ tone: 'stop' });
    expect(classify(h('Abwesenheitsnotiz: x'), 'Ich bin bis Montag nicht im Büro.')).toMatchObject({ kind: 'auto_reply' });
    expect(classify(h('x', 'Precedence: auto_reply'), 'Away')).toMatchObject({ kind: 'auto_reply' });
  });
  it('a bounce with no original headers still names its recipient; a delay is not a bounce', () => {
    expect(classify(h('Delivery Status Notification (Failure)', '', 'mailer-daemon@googlemail.com'), 'Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1')).toEqual({ kind: 'bounce', recipient: 'a@b.example', permanent: true, messageIds: [] });
    expect(classify(h('Delayed Mail', '', 'postmaster@mx.example'), 'Action: delayed\nStatus: 4.4.1')).toMatchObject({ kind: 'bounce', permanent: false });
  });
});
