import { create } from 'zustand';
import { createActivitySlice } from './activity-slice';
import { createAgentsSlice } from './agents-slice';
import { createAppSlice } from './app-slice';
import { createComplianceSlice } from './compliance-slice';
import { createCreditsSlice } from './credits-slice';
import { createLeadsSlice } from './leads-slice';
import { createOutreachSlice } from './outreach-slice';
import { createReviewSlice } from './review-slice';
import { createRunsSlice } from './runs-slice';
import { createSettingsSlice } from './settings-slice';
import type { HunterState } from './types';

/**
 * The window's one store. Persisted truth lives in main; the slices cache what the screens show and
 * hold the actions that change it.
 */
export const useHunter = create<HunterState>()((set, get, api) => ({
  ...createAppSlice(set, get, api),
  ...createAgentsSlice(set, get, api),
  ...createRunsSlice(set, get, api),
  ...createLeadsSlice(set, get, api),
  ...createReviewSlice(set, get, api),
  ...createCreditsSlice(set, get, api),
  ...createActivitySlice(set, get, api),
  ...createSettingsSlice(set, get, api),
  // The do-not-contact list (Settings' neighbour screen).
  ...createComplianceSlice(set, get, api),
  // Channel versions, replies, follow-ups and analytics (issue 16).
  ...createOutreachSlice(set, get, api),
  resetWorkspaceData() {
    const { boot, screen, toasts, ...data } = initial;
    void boot;
    void screen;
    void toasts;
    set(data);
  },
}));

const initial: HunterState = useHunter.getState();

/** Back to a fresh window (between tests). */
export function resetHunterStore(): void {
  useHunter.setState(initial, true);
}

export type { HunterState } from './types';
export type { Screen } from './app-slice';
export { SCREENS } from './app-slice';
