import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceStore, Workspaces, type Db } from '../../../main/store';

/**
 * Fills a database the way a run does: a workspace with credits, an execution, a few hundred leads with
 * facts and steps, so every table spans many b-tree pages and the small ones live on pages of their own.
 */
export function fillDatabase(db: Db, leads = 400): { workspaceId: string } {
  const ws = new Workspaces(db).create({ name: 'Dentists in Mumbai' });
  const store = workspaceStore(db, ws.id);
  store.ledger.grant(25_000_000, 'trial credits', { type: 'system', id: 'test' });
  const now = '2026-03-01T10:00:00.000Z';
  db.prepare("INSERT INTO agents (id, workspace_id, name, config, created_at, updated_at) VALUES ('ag_1', ?, 'a', '{}', ?, ?)").run(ws.id, now, now);
  db.prepare("INSERT INTO executions (id, workspace_id, agent_id, status, input, started_at, updated_at) VALUES ('ex_1', ?, 'ag_1', 'completed', '{}', ?, ?)").run(ws.id, now, now);
  const lead = db.prepare(
    `INSERT INTO leads (id, workspace_id, name, website, domain, phone, email, address, city, country, category, sources, dedupe_key, lead_score, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Mumbai', 'IN', 'dentist', '["csv"]', ?, ?, ?, ?)`,
  );
  const fact = db.prepare(
    "INSERT INTO facts (id, workspace_id, lead_id, kind, value, source_url, method, confidence, observed_at) VALUES (?, ?, ?, 'email', ?, ?, 'crawl', 0.9, ?)",
  );
  const step = db.prepare(
    "INSERT INTO steps (execution_id, lead_id, recipe_id, workspace_id, status, attempts, result, finished_at) VALUES ('ex_1', ?, 'intelligence', ?, 'done', 1, ?, ?)",
  );
  db.transaction(() => {
    for (let i = 0; i < leads; i++) {
      const id = `lead_${String(i).padStart(5, '0')}`;
      const domain = `clinic-${i}.example.in`;
      lead.run(id, ws.id, `Dr. Patel Dental Clinic ${i}`, `https://${domain}/`, domain, `+9122${String(40000000 + i)}`, `info@${domain}`, `${i} Linking Road, Bandra West`, `domain:${domain}`, (i % 100) / 100, now, now);
      fact.run(`fact_${i}_a`, ws.id, id, `dr.patel@${domain}`, `https://${domain}/contact`, now);
      fact.run(`fact_${i}_b`, ws.id, id, `appointments@${domain}`, `https://${domain}/about`, now);
      step.run(id, ws.id, JSON.stringify({ pages: [`https://${domain}/`, `https://${domain}/contact`], summary: 'Family dentistry, open Sundays, new orthodontics wing.'.repeat(3) }), now);
    }
  })();
  return { workspaceId: ws.id };
}

/**
 * Damages a table the way a failing disk or a stray write does: eight bytes flipped in the middle of one
 * of its b-tree leaf pages, at the start of the cell nearest the page's middle (its length and rowid), not
 * in the file header. The file must be closed; the pages are found through dbstat first.
 */
export function damageTablePage(file: string, table: string): { page: number; offset: number } {
  const raw = new Database(file, { fileMustExist: true });
  const pageSize = raw.pragma('page_size', { simple: true }) as number;
  const pages = (raw.prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno").all(table) as Array<{ pageno: number }>).map((p) => p.pageno);
  raw.close();
  if (pages.length < 3) throw new Error(`${table} has only ${pages.length} leaf pages; fill it more`);
  const page = pages[Math.floor(pages.length / 2)]!;
  const buf = Buffer.alloc(pageSize);
  const fd = openSync(file, 'r+');
  let offset = -1;
  try {
    readSync(fd, buf, 0, pageSize, (page - 1) * pageSize);
    const cells = buf.readUInt16BE(3);
    for (let i = 0; i < cells; i++) {
      const at = buf.readUInt16BE(8 + 2 * i);
      if (offset < 0 || Math.abs(at - pageSize / 2) < Math.abs(offset - pageSize / 2)) offset = at;
    }
    for (let i = 0; i < 8; i++) buf[offset + i] = buf[offset + i]! ^ 0xff;
    writeSync(fd, buf, offset, 8, (page - 1) * pageSize + offset);
  } finally {
    closeSync(fd);
  }
  return { page, offset };
}

/** quick_check's verdict on a private copy, so that asking does not touch the file under test. */
export function quickCheckOfCopy(file: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'hunter-verdict-'));
  try {
    const copy = join(dir, 'copy.db');
    copyFileSync(file, copy);
    const db = new Database(copy, { readonly: true });
    try {
      return (db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check).filter((s) => s !== 'ok');
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The folder's entries, sorted: what a file manager would show beside the database. */
export function listing(dir: string): string[] {
  return readdirSync(dir).sort();
}

export function dump(db: Db, tables: readonly string[]): Record<string, unknown[]> {
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]));
}

export function snapshotDirsOfThisProcess(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith(`hunter-snapshot-${process.pid}-`));
}

export function sideFilesExist(file: string): boolean {
  return existsSync(`${file}-wal`) || existsSync(`${file}-shm`) || existsSync(`${file}-journal`);
}

/** Lets the file-timestamp clock move on (ext4 stamps come from a coarse clock, a few ms a tick). */
export const nextTimestampTick = (): Promise<void> => new Promise((r) => setTimeout(r, 25));
