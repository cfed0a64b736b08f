/** Latency samples per label, with exact percentiles (the sample counts here are small enough to sort). */
export interface LatencySummary {
  label: string;
  count: number;
  failed: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export class Recorder {
  private readonly samples = new Map<string, number[]>();
  private readonly failures = new Map<string, number>();

  add(label: string, ms: number): void {
    let list = this.samples.get(label);
    if (!list) this.samples.set(label, (list = []));
    list.push(ms);
  }

  fail(label: string): void {
    this.failures.set(label, (this.failures.get(label) ?? 0) + 1);
  }

  count(label: string): number {
    return this.samples.get(label)?.length ?? 0;
  }

  summary(label: string): LatencySummary {
    const sorted = [...(this.samples.get(label) ?? [])].sort((a, b) => a - b);
    const mean = sorted.length ? sorted.reduce((s, x) => s + x, 0) / sorted.length : NaN;
    return {
      label,
      count: sorted.length,
      failed: this.failures.get(label) ?? 0,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      mean,
    };
  }

  /** Every label, in the order first seen. */
  all(): LatencySummary[] {
    return [...new Set([...this.samples.keys(), ...this.failures.keys()])].map((l) => this.summary(l));
  }

  /** All samples of the given labels pooled into one summary. */
  pooled(label: string, labels: (l: string) => boolean): LatencySummary {
    const merged = new Recorder();
    for (const [l, xs] of this.samples) if (labels(l)) xs.forEach((x) => merged.add(label, x));
    for (const [l, n] of this.failures) if (labels(l)) for (let i = 0; i < n; i++) merged.fail(label);
    return merged.summary(label);
  }
}

/** At most n tasks at a time: the simulated users, each busy with one request. */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly n: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((r) => this.queue.push(r));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs fn over items with at most n at once (setup work that is not measured). */
export async function eachLimited<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}
