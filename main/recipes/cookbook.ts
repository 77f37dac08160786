import type { Recipe } from '../engine/types';
import { discoveryRecipe, type DiscoveryDeps } from './discovery';
import { intelligenceRecipe, type IntelligenceDeps } from './intelligence';
import { outreachRecipe, emailFormatter } from './outreach';
import { personalizationRecipe, type MessageWriter, type Signer } from './personalization';
import { subscriptionRecipe } from './subscription';
import type { StepRuntime } from '../engine/types';

export interface CookbookParts {
  discovery: DiscoveryDeps;
  intelligence: IntelligenceDeps;
  writer: MessageWriter;
  sender: (rt: StepRuntime) => Signer;
}

/** The Hunter's five recipes, from the components the composition root chose. */
export function buildCookbook(parts: CookbookParts): Recipe[] {
  return [
    discoveryRecipe(parts.discovery),
    intelligenceRecipe(parts.intelligence),
    personalizationRecipe({ writer: parts.writer, sender: parts.sender }),
    outreachRecipe({ formatter: emailFormatter }),
    subscriptionRecipe(),
  ];
}
