/** A small seeded PRNG (mulberry32) so that the demo dataset is the same on every machine. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  date(fromYear: number, toIso: string): string {
    const from = Date.UTC(fromYear, 0, 1);
    const to = Date.parse(`${toIso}T00:00:00Z`);
    return new Date(from + Math.floor(this.next() * (to - from))).toISOString().slice(0, 10);
  }
}
