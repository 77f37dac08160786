/**
 * Spaces calls at least `minIntervalMs` apart, one at a time: Nominatim's usage policy allows one request
 * a second per application, and Overpass asks clients not to run queries in parallel.
 */
export class RateGate {
  private last = -Infinity;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly minIntervalMs: number,
    private readonly now: () => number = () => Date.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.chain.then(async () => {
      const wait = this.last + this.minIntervalMs - this.now();
      if (wait > 0) await this.sleep(wait);
      try {
        return await fn();
      } finally {
        this.last = this.now();
      }
    });
    // The queue continues whether this call failed or not; the caller sees its own outcome.
    this.chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
