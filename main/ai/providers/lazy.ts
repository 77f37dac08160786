import type { ProviderName } from '../settings';
import type { AttemptOptions, AttemptResult, ChatRequest, ProviderClient, UsageReport } from './types';

/**
 * A provider whose module, and so its SDK, is loaded on its first request. The SDKs are a large part of
 * what a start would load (the Anthropic SDK alone is some 200 modules), and most commands (`hunter
 * credits`, `drafts list`, the window's first screen) never call a model.
 */
export function loadedOnFirstUse(name: ProviderName, load: () => Promise<ProviderClient>): ProviderClient {
  let client: Promise<ProviderClient> | null = null;
  return {
    name,
    async attempt(req: ChatRequest, opts: AttemptOptions, usage: UsageReport): Promise<AttemptResult> {
      client ??= load();
      return (await client).attempt(req, opts, usage);
    },
  };
}
