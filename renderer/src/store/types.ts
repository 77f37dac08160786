import type { StateCreator } from 'zustand';
import type { ActivitySlice } from './activity-slice';
import type { AgentsSlice } from './agents-slice';
import type { AppSlice } from './app-slice';
import type { ComplianceSlice } from './compliance-slice';
import type { CreditsSlice } from './credits-slice';
import type { LeadsSlice } from './leads-slice';
import type { OutreachSlice } from './outreach-slice';
import type { ReviewSlice } from './review-slice';
import type { RunsSlice } from './runs-slice';
import type { SettingsSlice } from './settings-slice';

/** The one store of the window: typed slices, each with its actions beside its state. */
export type HunterState = AppSlice & AgentsSlice & RunsSlice & LeadsSlice & ReviewSlice & CreditsSlice & ActivitySlice & SettingsSlice & ComplianceSlice & OutreachSlice;

export type Slice<T> = StateCreator<HunterState, [], [], T>;

/** Rows are fetched from main in pages of this size as the list scrolls. */
export const PAGE_SIZE = 200;
/** Pages kept in memory at most per list; the farthest from the view are dropped. */
export const MAX_PAGES = 24;
