import { isAbsolute } from 'node:path';
import * as z from 'zod';
import { modelChoice, MODELS_SETTING, type ModelChoice } from '../ai/configured';
import { HunterError } from '../core/errors';
import { readSenderSettings, SenderSchema, type Sender } from '../core/sender';
import type { WorkspaceStore } from '../store';
import { Preferences } from '../store/preferences';
import { RETENTION_DATA_DAYS, RETENTION_REJECTED_DRAFT_DAYS, retentionOf } from '../store/retention';
import type { Ctx } from './context';

/**
 * The settings a rep can read and change, each with its name as `hunter settings get|set` and the app use
 * it, what it means, and how a value is read from text. One table, so the CLI's list of keys, its help and
 * the app's Settings screen cannot disagree; an unknown key is refused with the keys there are.
 */
export const SETTINGS_KEYS = {
  'sender.name': { what: 'your name, as messages are signed', field: 'name' },
  'sender.email': { what: 'your e-mail address (the From of exported drafts)', field: 'email' },
  'sender.company': { what: 'your company', field: 'company' },
  'sender.signature': { what: 'the signature under each message (use \\n for a new line)', field: 'signature' },
  'sender.postal_address': { what: 'your postal address, added to every exported message (CAN-SPAM)', field: 'postal_address' },
  'sender.opt_out': { what: 'the opt-out sentence added to every exported message', field: 'opt_out' },
  'sender.reply_to': { what: 'a Reply-To address for exported drafts', field: 'reply_to' },
  'sender.cc': { what: 'addresses every exported draft is copied to (comma-separated)', field: 'cc' },
  'sender.bcc': { what: 'addresses every exported draft is blind-copied to, e.g. a CRM (comma-separated)', field: 'bcc' },
  'sender.compliance_footer': { what: 'on (the default) or off: the postal address and opt-out line under every exported message', field: 'compliance_footer' },
  'retention.data_days': { what: 'days cached pages, facts and cached model drafts are kept (1 to 3650, default 180)' },
  'retention.rejected_draft_days': { what: 'days the texts of rejected and expired drafts are kept (1 to 3650, default 90)' },
  'models.draft': { what: 'the fast models that write the first draft, in order of preference (comma-separated)' },
  'models.refine': { what: 'the model that refines a draft' },
  data_folder: { what: 'where exports and audit exports are written (a full path)' },
  browser_path: { what: 'the Chrome, Chromium or Edge program Google Maps runs in (a full path)' },
  'backups.keep': { what: 'how many backups of each kind are kept (1 to 100)' },
} as const satisfies Record<string, { what: string; field?: keyof Sender }>;

export type SettingKey = keyof typeof SETTINGS_KEYS;
export const SENDER_SETTING = 'sender';
const DATA_FOLDER = 'data_folder';
const BROWSER_PATH = 'browser_path';
const BACKUPS_KEEP = 'backups_keep';

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS_KEYS, key);
}

export function settingKeyRefusal(key: string): HunterError {
  return new HunterError('INVALID_INPUT', `There is no setting "${key}". Settings: ${Object.keys(SETTINGS_KEYS).join(', ')}.`);
}

/** The sender as stored, or null when it was never set (a draft then has no signature and cannot be exported). */
export function senderOf(store: WorkspaceStore): Sender | null {
  return readSenderSettings(store.settings.get<unknown>(SENDER_SETTING));
}

export function modelsOf(store: WorkspaceStore, env: NodeJS.ProcessEnv): ModelChoice {
  return modelChoice(store.settings, env);
}

/** The folder exports go to: the rep's choice, else the app's data folder. */
export function dataFolderOf(store: WorkspaceStore, fallback: string): string {
  return store.settings.get<string>(DATA_FOLDER) ?? fallback;
}

export function browserPathOf(store: WorkspaceStore): string | null {
  return store.settings.get<string>(BROWSER_PATH);
}

/** Backups are of the whole database file, so how many are kept is a preference of the file, not of a workspace. */
export function backupsKeepOf(store: Pick<WorkspaceStore, 'db'>): number {
  return new Preferences(store.db).get<number>(BACKUPS_KEEP) ?? 7;
}

const fullPath = z.string().trim().max(4096).refine((p) => p === '' || (isAbsolute(p) && !p.includes('\0')), 'must be a full path (starting at the root of the disk)');
const modelName = z.string().trim().min(1).max(120).regex(/^[\w.:/@-]+$/, 'is not a model name');

export interface SettingsService {
  /** Every setting with its value (null when not set). */
  all(ctx: Ctx): Record<SettingKey, unknown>;
  get(ctx: Ctx, key: string): unknown;
  /** Sets one setting from its text form ("" clears it); returns the new value. */
  set(ctx: Ctx, key: string, text: string): unknown;
  /** Replaces the sender fields given, keeping the others; an empty string clears a field. */
  setSender(ctx: Ctx, fields: Partial<Record<keyof Sender, string | string[] | boolean>>): Sender;
}

export function settingsService(env: NodeJS.ProcessEnv): SettingsService {
  const read = (store: WorkspaceStore, key: SettingKey): unknown => {
    const def = SETTINGS_KEYS[key] as { field?: keyof Sender };
    if (def.field) return senderOf(store)?.[def.field] ?? null;
    switch (key) {
      case 'models.draft':
        return modelsOf(store, env).draft_models;
      case 'models.refine':
        return modelsOf(store, env).refine_model;
      case 'data_folder':
        return store.settings.get<string>(DATA_FOLDER);
      case 'browser_path':
        return browserPathOf(store);
      case 'backups.keep':
        return backupsKeepOf(store);
      case 'retention.data_days':
        return retentionOf(store).data_days;
      case 'retention.rejected_draft_days':
        return retentionOf(store).rejected_draft_days;
    }
    return null;
  };

  const audit = (ctx: Ctx, key: string, before: unknown, after: unknown) =>
    ctx.store.audit.append({ actor: ctx.actor, action: 'settings_changed', resource: 'settings', resource_id: key, changes: { before, after } });

  const service: SettingsService = {
    all(ctx) {
      return Object.fromEntries(Object.keys(SETTINGS_KEYS).map((k) => [k, read(ctx.store, k as SettingKey)])) as Record<SettingKey, unknown>;
    },

    get(ctx, key) {
      if (!isSettingKey(key)) throw settingKeyRefusal(key);
      return read(ctx.store, key);
    },

    set(ctx, key, text) {
      if (!isSettingKey(key)) throw settingKeyRefusal(key);
      const def = SETTINGS_KEYS[key] as { field?: keyof Sender };
      if (def.field) {
        const value = def.field === 'cc' || def.field === 'bcc' ? text.split(',').map((s) => s.trim()).filter(Boolean)
          : def.field === 'signature' ? text.replace(/\\n/g, '\n')
          : def.field === 'compliance_footer' ? onOff(text, key)
          : text;
        return service.setSender(ctx, { [def.field]: value })[def.field] ?? null;
      }
      const { store } = ctx;
      const before = read(store, key);
      store.tx(() => {
        switch (key) {
          case 'models.draft':
          case 'models.refine': {
            const cur = modelsOf(store, env);
            const next: ModelChoice = key === 'models.draft'
              ? { ...cur, draft_models: parseOr(z.array(modelName).min(1).max(10), text.split(',').map((s) => s.trim()).filter(Boolean), key) }
              : { ...cur, refine_model: parseOr(modelName, text, key) };
            store.settings.set(MODELS_SETTING, next);
            break;
          }
          case 'data_folder':
          case 'browser_path':
            store.settings.set(key === 'data_folder' ? DATA_FOLDER : BROWSER_PATH, parseOr(fullPath, text, key) || null);
            break;
          case 'backups.keep':
            new Preferences(store.db).set(BACKUPS_KEEP, parseOr(z.coerce.number().int().min(1).max(100), text, key));
            break;
          case 'retention.data_days':
          case 'retention.rejected_draft_days':
            store.settings.set(key === 'retention.data_days' ? RETENTION_DATA_DAYS : RETENTION_REJECTED_DRAFT_DAYS, text === '' ? null : parseOr(z.coerce.number().int().min(1).max(3650), text, key));
            break;
        }
        audit(ctx, key, before, read(store, key));
      });
      return read(store, key);
    },

    setSender(ctx, fields) {
      const { store } = ctx;
      const before = senderOf(store);
      const merged: Record<string, unknown> = { ...(before ?? {}) };
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) continue;
        if (v === '' || (Array.isArray(v) && v.length === 0)) delete merged[k];
        else merged[k] = v;
      }
      const parsed = SenderSchema.safeParse(merged);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = String(issue.path[0] ?? 'sender');
        throw new HunterError('INVALID_INPUT', field === 'name' && !merged.name
          ? 'Set your name first (sender.name): a message is signed with it.'
          : `sender.${field} ${issue.message}.`);
      }
      store.tx(() => {
        store.settings.set(SENDER_SETTING, parsed.data);
        audit(ctx, SENDER_SETTING, before, parsed.data);
      });
      return parsed.data;
    },
  };
  return service;
}

function parseOr<T>(schema: z.ZodType<T>, value: unknown, key: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new HunterError('INVALID_INPUT', `${key} ${r.error.issues[0]?.message ?? 'is not valid'}: ${SETTINGS_KEYS[key as SettingKey]?.what ?? ''}.`);
  return r.data;
}

/** "on"/"off" (or yes/no, true/false) as a boolean; "" clears the setting back to its default. */
function onOff(text: string, key: string): boolean | '' {
  const t = text.trim().toLowerCase();
  if (t === '') return '';
  if (['on', 'yes', 'true', '1'].includes(t)) return true;
  if (['off', 'no', 'false', '0'].includes(t)) return false;
  throw new HunterError('INVALID_INPUT', `${key} is on or off.`);
}
