/**
 * What a batch of drafts has used so far (angles, observation and bridge forms, shapes, openings), so the
 * next draft picks what is least used: twenty drafts that all open the same way read as a template.
 * One per run; a rewrite builds one from the run's other drafts.
 */
export class Variety {
  private readonly counts = new Map<string, number>();
  private readonly bodies: string[] = [];

  constructor(private readonly maxBodies = 60) {}

  used(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  note(key: string): void {
    this.counts.set(key, this.used(key) + 1);
  }

  /**
   * The least used of `options` under `key`, ties broken by `seed` so that two leads with the same facts
   * do not always get the same form. Records the choice.
   */
  pick<T>(key: string, options: readonly T[], seed: number): { value: T; index: number } {
    if (options.length === 0) throw new RangeError(`no options for ${key}`);
    let best = -1;
    let bestUse = Infinity;
    for (let k = 0; k < options.length; k++) {
      const i = (k + seed) % options.length;
      const u = this.used(`${key}#${i}`);
      if (u < bestUse) {
        best = i;
        bestUse = u;
      }
    }
    this.note(`${key}#${best}`);
    return { value: options[best]!, index: best };
  }

  /** A finished draft of the batch, for the near-duplicate check of the next ones. */
  remember(body: string): void {
    this.bodies.push(body);
    if (this.bodies.length > this.maxBodies) this.bodies.shift();
  }

  recent(): readonly string[] {
    return this.bodies;
  }
}

export function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}
