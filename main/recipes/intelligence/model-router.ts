import { routeLeadWithModel, type Ai } from '../../ai';
import { toHunterError } from '../../core/errors';
import { stepUsageSink } from '../../engine/usage-sink';
import { tierRouter, type EnrichmentRouter } from './index';

/**
 * Asks the fast model whether a lead's final score earns it the premium part; when it cannot answer
 * validly, the seed's tier rule decides (gold → premium, silver → basic), and the step records which one did.
 */
export function modelRouter(ai: Ai): EnrichmentRouter {
  return {
    async route(lead, score, rt, facts) {
      const usage = stepUsageSink(rt);
      try {
        // The facts the basic pass just found are not stored yet: the model sees them as the scorer did.
        const r = await routeLeadWithModel({ lead, facts, score }, ai, usage.sink, { chargeKey: `${rt.chargeKey}:route`, signal: rt.signal });
        return { level: r.route, routed_by: r.routed_by, cost_micros: 0, api_calls: usage.calls(), charges: usage.charges };
      } catch (raw) {
        const err = toHunterError(raw);
        if (err.code === 'CANCELLED') throw raw;
        const t = await tierRouter.route(lead, score, rt, facts);
        return { ...t, routed_by: `tier (model failed: ${err.code})`, api_calls: usage.calls(), charges: usage.charges };
      }
    },
  };
}
