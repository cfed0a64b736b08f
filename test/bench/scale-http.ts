import { send, type Person } from './api-client';
import { Recorder, sleep } from './stats';
import type { PhaseTally } from './scale-report';

/** The refusal the acceptance forbids: a decision turned away because the workflow is busy with another. */
const BUSY = /上一项操作正在处理|another decision is being recorded/;

/** What one phase's requests answered; refusals are counted, never hidden behind a retry. */
export const emptyTally = (): PhaseTally => ({
  requests: 0,
  ok: 0,
  busy409: 0,
  conflict409: 0,
  client4xx: 0,
  server5xx: 0,
  status503: 0,
  network: 0,
  retries: 0,
  samples: [],
});

export class HttpFailure extends Error {
  constructor(
    readonly label: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${label} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
}

/** HTTP calls that count every answer per phase; decisions may be repeated after busy/5xx/network, and each repeat is counted. */
export class Http {
  readonly recorder = new Recorder();
  readonly tallies: Record<string, PhaseTally> = {};
  phase = 'setup';

  constructor(private readonly base: string) {}

  tally(phase = this.phase): PhaseTally {
    return (this.tallies[phase] ??= emptyTally());
  }

  /**
   * One request, answered or not. `label` groups latencies. With `retry` (decisions that the
   * server refuses whole or records once), a busy 409, a 5xx or a network error is tried again
   * after a pause for up to 3 minutes; every attempt is counted. Returns the final answer and the
   * number of attempts it took.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely by the driver
  async call<T = any>(
    method: string,
    path: string,
    who: Person | null,
    o: { body?: unknown; label?: string; retry?: boolean; accept?: number[]; phase?: string } = {},
  ): Promise<{ status: number; body: T; attempts: number }> {
    const label = o.label ?? `${method} ${path.split('?')[0].replace(/[0-9a-f-]{36}/g, ':id')}`;
    const t = this.tally(o.phase);
    const giveUpAt = Date.now() + 180000;
    for (let attempt = 1; ; attempt++) {
      t.requests++;
      if (attempt > 1) t.retries++;
      let status = 0;
      let body: unknown;
      try {
        const r = await send(this.base, method, path, who?.token, o.body);
        status = r.status;
        body = r.body;
        this.recorder.add(label, r.ms);
      } catch (e) {
        t.network++;
        body = e instanceof Error ? e.message : String(e);
      }
      const message = String((body as { message?: unknown })?.message ?? body);
      const busy = status === 409 && BUSY.test(message);
      if (status >= 200 && status < 300) t.ok++;
      else if (busy) t.busy409++;
      else if (status === 409) t.conflict409++;
      else if (status >= 500) t.server5xx++;
      else if (status >= 400) t.client4xx++;
      if (status === 503) t.status503++;
      // Distinct refusals only, so that a thousand busy answers do not hide the one 500.
      const sample = `${label} → ${status || 'no answer'}: ${message.slice(0, 160)}`;
      if ((status < 200 || status >= 300) && t.samples.length < 8 && !t.samples.includes(sample)) t.samples.push(sample);
      if (status >= 200 && status < 300) return { status, body: body as T, attempts: attempt };
      if (o.accept?.includes(status) && !busy) return { status, body: body as T, attempts: attempt };
      const again = o.retry && (busy || status >= 500 || status === 0) && Date.now() < giveUpAt;
      if (!again) {
        this.recorder.fail(label);
        throw new HttpFailure(label, status, body);
      }
      await sleep(busy ? 50 + Math.random() * 200 : 500 + Math.random() * 500);
    }
  }
}
