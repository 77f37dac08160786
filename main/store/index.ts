import { Agents } from './agents';
import { Alerts, ApiUsage } from './alerts';
import { AuditLog } from './audit';
import type { Db } from './database';
import { openDatabase } from './database';
import { DoNotContact } from './dnc';
import { Drafts } from './drafts';
import { Executions } from './executions';
import { FollowUps } from './follow-ups';
import { CreditLedger } from './ledger';
import { Leads } from './leads';
import { MapProgress } from './map-progress';
import { Outcomes } from './outcomes';
import { Settings } from './settings';
import { VoiceSamples } from './voice';
import { Workspaces, type Workspace } from './workspaces';

/**
 * Everything one workspace owns, each repository bound to the workspace id: code that holds a
 * WorkspaceStore cannot read or write another workspace's rows.
 */
export interface WorkspaceStore {
  db: Db;
  workspaceId: string;
  audit: AuditLog;
  ledger: CreditLedger;
  agents: Agents;
  executions: Executions;
  leads: Leads;
  drafts: Drafts;
  alerts: Alerts;
  usage: ApiUsage;
  settings: Settings;
  /** The do-not-contact list: runs ask `dnc.blocks(lead, facts)` before drafting, exports before writing. */
  dnc: DoNotContact;
  /** Where a run's map searches stand: the cells searched and the places found, for a resume. */
  mapProgress: MapProgress;
  /** Follow-ups and variants of first messages (issue 16). */
  followUps: FollowUps;
  /** What the rep's mailbox said back: replies, bounces, each lead's outcome (issue 16). */
  outcomes: Outcomes;
  /** What the rep approved and what the writers produced: the rep's voice and the draft analytics. */
  voice: VoiceSamples;
  /** This workspace's own record (plan, credits per month, API-call quota, trial). */
  workspace(): Workspace;
  /** Runs fn in one transaction (IMMEDIATE: takes the write lock up front, so it cannot deadlock). */
  tx<T>(fn: () => T): T;
}

export function workspaceStore(db: Db, workspaceId: string): WorkspaceStore {
  const audit = new AuditLog(db, workspaceId);
  const workspaces = new Workspaces(db);
  return {
    db,
    workspaceId,
    audit,
    ledger: new CreditLedger(db, workspaceId, audit),
    agents: new Agents(db, workspaceId, audit),
    executions: new Executions(db, workspaceId),
    leads: new Leads(db, workspaceId),
    drafts: new Drafts(db, workspaceId, audit),
    alerts: new Alerts(db, workspaceId, audit),
    usage: new ApiUsage(db, workspaceId),
    settings: new Settings(db, workspaceId),
    dnc: new DoNotContact(db, workspaceId, audit),
    mapProgress: new MapProgress(db, workspaceId),
    followUps: new FollowUps(db, workspaceId, audit),
    outcomes: new Outcomes(db, workspaceId),
    voice: new VoiceSamples(db, workspaceId),
    workspace: () => workspaces.get(workspaceId),
    tx: <T>(fn: () => T) => db.transaction(fn).immediate(),
  };
}

export { openDatabase, Workspaces };
export type { Db };
