import { execFileSync, spawnSync } from 'node:child_process';
import { simpleParser } from 'mailparser';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { exportDrafts } from '../../../main/export';
import { tempDir } from '../../support/temp';
import { withSignature, workspaceWithDrafts, type DraftSpec } from './fixtures';
import { ASCII, EMOJI, RTL } from './samples';

const tmp = tempDir('hunter-mbox-readers-');
afterAll(() => tmp.cleanup());

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const python = has('python3');
const neomutt = has('neomutt') && has('tmux');
if (!neomutt) console.warn('NeoMutt check skipped: neomutt and tmux are needed (apt-get install -y neomutt tmux)');

/** Body lines that mbox readers treat specially: separators, mboxrd quoting, and their look-alikes. */
const TRICKY: DraftSpec = {
  subject: 'Lines that look like mbox separators',
  body: [
    'Hi Priya,',
    '',
    'From what I saw on your site, the new Bandra clinic opened in May.',
    '>From a patient review: "best chairs in town".',
    '>>From the archive, quoted twice.',
    'From Mon Jan  1 00:00:00 2024 looks like a separator line.',
    ` From with a leading space, and a very long line that quoted-printable has to wrap somewhere near here From the middle.`,
    'From',
    'Fromage is not a From line.',
    '',
    'Worth a call?',
  ].join('\n'),
  recipient: 'priya@brightsmile.example',
  lead: { name: 'Bright Smile Dental', first_name: 'Priya' },
};
const SPECS = [TRICKY, ASCII, EMOJI, RTL];

async function exportMbox(html: boolean): Promise<{ file: string; order: DraftSpec[] }> {
  const { store, ids, close } = workspaceWithDrafts(tmp.file(`ws-${html}.db`), SPECS);
  const summary = await exportDrafts(store, { format: 'mbox', outDir: tmp.file(`out-${html}`), html });
  const order = store.drafts.list({ status: 'exported' }).map((d) => SPECS[ids.indexOf(d.id)]!);
  close();
  return { file: summary.files[0]!, order };
}

/** Python's mailbox module: each message's subject and decoded text/plain part. */
function readWithPython(file: string): Array<{ subject: string; text: string }> {
  const script = [
    'import mailbox, json, sys',
    'from email.header import decode_header, make_header',
    'out = []',
    'for m in mailbox.mbox(sys.argv[1]):',
    '    part = next(p for p in m.walk() if p.get_content_type() == "text/plain")',
    '    text = part.get_payload(decode=True).decode(part.get_content_charset())',
    '    out.append({"subject": str(make_header(decode_header(m["Subject"]))), "text": text})',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as Array<{ subject: string; text: string }>;
}

/** NeoMutt in a terminal of its own (tmux), showing message `n` (1-based); returns the screen. */
function showInNeoMutt(file: string, n: number, expect: string): string {
  const session = `hunter-mbox-${process.pid}-${n}`;
  const tmux = (...args: string[]) => spawnSync('tmux', args, { encoding: 'utf8' });
  tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '60',
    `TERM=xterm-256color LANG=C.UTF-8 neomutt -n -F /dev/null -R -f '${file}' -e 'set charset=utf-8; set sort=mailbox-order; set pager_index_lines=0; set markers=no; set wrap=160'`);
  try {
    const screen = () => tmux('capture-pane', '-p', '-t', session).stdout;
    const waitFor = (re: RegExp) => {
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        const s = screen();
        if (re.test(s)) return s;
        spawnSync('sleep', ['0.2']);
      }
      return screen();
    };
    waitFor(/Msgs:\d+/);
    for (let i = 1; i < n; i++) tmux('send-keys', '-t', session, 'j');
    tmux('send-keys', '-t', session, 'Enter');
    return waitFor(new RegExp(escapeRe(expect)));
  } finally {
    tmux('kill-session', '-t', session);
  }
}

describe('the mbox file, read by the readers reps use', () => {
  it.each([false, true])('mailparser reads every body line unchanged (html part: %s)', async (html) => {
    const { file, order } = await exportMbox(html);
    const text = readFileSync(file, 'latin1');
    expect(text.match(/^From /gm)).toHaveLength(SPECS.length);
    const messages = text.split(/^From \S+ .+\n/m).filter(Boolean).map((m) => m.slice(0, -1));
    expect(messages).toHaveLength(SPECS.length);
    for (const [i, m] of messages.entries()) {
      const parsed = await simpleParser(Buffer.from(m, 'latin1'));
      expect(parsed.subject).toBe(order[i]!.subject);
      expect(parsed.text!.split('\n')).toEqual((withSignature(order[i]!.body) + '\n').split('\n'));
      if (html) for (const line of order[i]!.body.split('\n').filter(Boolean)) expect(parsed.html).toContain(line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    }
  });

  it.skipIf(!python)("Python's mailbox module finds each message and reads every body line unchanged", async () => {
    const { file, order } = await exportMbox(true);
    const read = readWithPython(file);
    expect(read.map((r) => r.subject)).toEqual(order.map((s) => s.subject));
    for (const [i, r] of read.entries()) expect(r.text.replace(/\r\n/g, '\n').split('\n')).toEqual((withSignature(order[i]!.body) + '\n').split('\n'));
    const tricky = read[order.indexOf(TRICKY)]!.text;
    expect(tricky).toContain('\nFrom what I saw on your site');
    expect(tricky).toContain('\n>From a patient review');
    expect(tricky).toContain('\n>>From the archive');
  });

  it.skipIf(!neomutt)('NeoMutt lists every message and shows the From lines as written', async () => {
    const { file, order } = await exportMbox(false);
    const n = order.indexOf(TRICKY) + 1;
    const screen = showInNeoMutt(file, n, 'Worth a call?');
    const lines = screen.split('\n').map((l) => l.trimEnd());
    for (const line of ['From what I saw on your site, the new Bandra clinic opened in May.', '>From a patient review: "best chairs in town".', '>>From the archive, quoted twice.', 'From Mon Jan  1 00:00:00 2024 looks like a separator line.', 'Fromage is not a From line.']) {
      expect(lines, `NeoMutt shows "${line}"`).toContain(line);
    }
    expect(screen).toContain(`${n}/${SPECS.length}:`);
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
