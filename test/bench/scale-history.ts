import { performance } from 'node:perf_hooks';
import { projectWorkflowId, roundWorkflowId } from '../../workflows/messages';
import { sleep } from './stats';
import type { HistorySample } from './scale-report';
import type { Client } from '@temporalio/client';

const SAMPLE_EVERY_MS = 2000;
const PROJECT_SAMPLE = 10;

/** Samples the round workflow's history length (and a few projects') in the background. */
export class HistoryWatch {
  readonly samples: HistorySample[] = [];
  readonly runIds = new Set<string>();
  projectMax = 0;
  describeErrors = 0;
  phase = 'setup';
  private stopped = false;
  private loop?: Promise<void>;
  private readonly t0 = performance.now();
  private tick = 0;

  constructor(
    private readonly client: Client,
    private readonly roundId: string,
    private projects: string[] = [],
  ) {}

  setProjects(ids: string[]): void {
    const step = Math.max(1, Math.floor(ids.length / PROJECT_SAMPLE));
    this.projects = ids.filter((_, i) => i % step === 0).slice(0, PROJECT_SAMPLE);
  }

  get projectsSampled(): number {
    return this.projects.length;
  }

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        await this.sampleRound();
        // One project per tick, round robin: their histories grow with every decision too.
        if (this.projects.length) await this.sampleProject(this.projects[this.tick++ % this.projects.length]);
        await sleep(SAMPLE_EVERY_MS);
      }
    })();
  }

  async sampleRound(): Promise<void> {
    try {
      const d = await this.client.workflow.getHandle(roundWorkflowId(this.roundId)).describe();
      this.samples.push({ t: Math.round(performance.now() - this.t0), phase: this.phase, length: d.historyLength, runId: d.runId });
      this.runIds.add(d.runId);
    } catch {
      this.describeErrors++;
    }
  }

  private async sampleProject(id: string): Promise<void> {
    try {
      const d = await this.client.workflow.getHandle(projectWorkflowId(id)).describe();
      this.projectMax = Math.max(this.projectMax, d.historyLength);
    } catch {
      this.describeErrors++;
    }
  }

  /** At the end of a phase: the round and every sampled project. */
  async afterPhase(): Promise<void> {
    await this.sampleRound();
    for (const id of this.projects) await this.sampleProject(id);
  }

  max(): { length: number; phase: string } {
    return this.samples.reduce((m, s) => (s.length > m.length ? { length: s.length, phase: s.phase } : m), { length: 0, phase: '–' });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}
