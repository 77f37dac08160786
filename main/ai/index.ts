/**
 * The AI layer's public face: the provider layer, two-stage drafting, model scoring and routing, the
 * draft cache, settings and costs. Nothing here imports 'electron'.
 */
export { Ai, CallError, createAi, type AiDeps, type AttemptFailure, type CallResult, type CallSpec } from './layer';
export { CircuitBreaker, type CircuitState, type Clock } from './circuit-breaker';
export { aiSettings, describeSettings, settingsFromEnv, DEFAULT_MODELS, type AiSettings, type AiSettingsInput, type ProviderName } from './settings';
export { Secret, secret } from './secret';
export { costMicros, priceOf } from './pricing';
export { draftCostCeilingMicros, jsonCostCeilingMicros } from './cost-ceiling';
export { ledgerSink, UsageTally, type LedgerLike, type Usage, type UsageSink } from './usage';
export { writeDraft, writeDraftToEnd, type DraftEvent, type DraftMetrics, type DraftResult, type DraftStage, type WriteDraftOptions } from './two-stage';
export type { DraftContext } from './offline-composer';
export { draftCacheKey, type CachedDraft, type DraftCache } from './draft-cache';
export { routeLeadWithModel, scoreLeadWithModel, type ModelRoute, type ModelScore, type Route, type RouteInput, type ScoreInput } from './model-scoring';
export { ConfiguredAi, modelChoice, MODELS_SETTING, type KeySource, type ModelChoice } from './configured';
