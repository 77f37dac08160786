import prices from '../../resources/action-prices.json';
import { toMicros } from './credits';

export type ActionName = Exclude<keyof typeof prices, '_about'>;

/** Micro-credits a local action meters, from resources/action-prices.json. */
export function actionMicros(action: ActionName): number {
  return toMicros(prices[action]);
}
