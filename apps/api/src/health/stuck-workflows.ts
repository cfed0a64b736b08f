import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { TEMPORAL_CLIENT } from '../common/temporal.provider';

/** What `describe()` says about a workflow's pending workflow task, in plain numbers. */
export interface PendingTask {
  state: 'SCHEDULED' | 'STARTED' | 'UNSPECIFIED';
  attempt: number;
  /** Since the task (its first attempt, for a heartbeating task) was scheduled. */
  scheduledForMs: number;
  /** Since the current attempt was handed to a worker, if it was. */
  startedForMs?: number;
}

export interface StuckWorkflow extends PendingTask {
  workflowId: string;
  /** When a decision to it last went unanswered (ISO time). */
  lastTimeoutAt: string;
}

/** How long a workflow stays remembered after its last unanswered decision, and how many at most. */
const REMEMBER_MS = 60 * 60 * 1000;
const MAX_REMEMBERED = 50;
/** One warning per workflow in this period, however many decisions time out against it. */
const WARN_EVERY_MS = 60 * 1000;
/** Each describe() gets this long; health answers within it even while Temporal is slow. */
const DESCRIBE_TIMEOUT_MS = 2000;

const STATES = ['UNSPECIFIED', 'SCHEDULED', 'STARTED'] as const;

/**
 * Workflows that did not answer a decision in time. Remembered here (a bounded list, newest last)
 * and described again only when the health endpoint asks, so nothing scans all workflows: one
 * whose workflow task has been pending longer than the threshold, or failed and is on a later
 * attempt, is reported as stuck; one that has caught up, ended or vanished is forgotten.
 */
@Injectable()
export class StuckWorkflows {
  private readonly logger = new Logger('Workflows');
  private readonly remembered = new Map<string, { lastTimeoutAt: number; warnedAt: number }>();
  readonly thresholdMs: number;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    config: ConfigService,
  ) {
    this.thresholdMs = positiveMs(config.get<string>('TEMPORAL_STUCK_TASK_MS'), 'TEMPORAL_STUCK_TASK_MS', 30_000);
  }

  /** A decision to this workflow was not answered in time: remember it, and say once what Temporal knows. */
  noticeTimeout(workflowId: string, waitedMs: number): void {
    const now = Date.now();
    const previous = this.remembered.get(workflowId);
    this.remembered.delete(workflowId);
    this.remembered.set(workflowId, { lastTimeoutAt: now, warnedAt: previous?.warnedAt ?? 0 });
    this.prune(now);
    if (now - (previous?.warnedAt ?? 0) < WARN_EVERY_MS) return;
    this.remembered.get(workflowId)!.warnedAt = now;
    void this.pendingTask(workflowId).then(
      (task) => this.logger.warn(`decision to workflow ${workflowId} not answered within ${waitedMs} ms; ${describeTask(task)}`),
      (e: unknown) => {
        const reason = e instanceof Error ? e.message : String(e);
        this.logger.warn(`decision to workflow ${workflowId} not answered within ${waitedMs} ms; describe failed: ${reason}`);
      },
    );
  }

  /** The remembered workflows whose workflow task is still stuck; the others are forgotten. */
  async report(): Promise<StuckWorkflow[]> {
    this.prune(Date.now());
    const entries = [...this.remembered.entries()];
    const described = await Promise.all(
      entries.map(async ([workflowId, seen]) => {
        try {
          return { workflowId, seen, task: await this.pendingTask(workflowId) };
        } catch {
          // Temporal itself is unreachable: its own indicator says so; keep the workflow for later.
          return undefined;
        }
      }),
    );
    const stuck: StuckWorkflow[] = [];
    for (const d of described) {
      if (!d) continue;
      if (d.task === 'closed' || d.task === undefined) {
        this.remembered.delete(d.workflowId);
      } else if (d.task.attempt > 1 || d.task.scheduledForMs > this.thresholdMs) {
        stuck.push({ workflowId: d.workflowId, ...d.task, lastTimeoutAt: new Date(d.seen.lastTimeoutAt).toISOString() });
      }
    }
    return stuck;
  }

  /** The pending workflow task; undefined when there is none (caught up), 'closed' when the run has ended or is gone. */
  private async pendingTask(workflowId: string): Promise<PendingTask | undefined | 'closed'> {
    try {
      const description = await this.client.connection.withDeadline(Date.now() + DESCRIBE_TIMEOUT_MS, () =>
        this.client.workflow.getHandle(workflowId).describe(),
      );
      if (description.status.name !== 'RUNNING') return 'closed';
      const pending = description.raw.pendingWorkflowTask;
      if (!pending) return undefined;
      const now = Date.now();
      const scheduled = Math.min(...[pending.originalScheduledTime, pending.scheduledTime].map((t) => optionalTsToMs(t) ?? now));
      const started = optionalTsToMs(pending.startedTime);
      return {
        state: STATES[pending.state ?? 0] ?? 'UNSPECIFIED',
        attempt: pending.attempt ?? 1,
        scheduledForMs: Math.max(0, now - scheduled),
        ...(started !== undefined && { startedForMs: Math.max(0, now - started) }),
      };
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) return 'closed';
      throw e;
    }
  }

  private prune(now: number): void {
    for (const [id, seen] of this.remembered) {
      if (now - seen.lastTimeoutAt > REMEMBER_MS) this.remembered.delete(id);
    }
    // Oldest first in a Map's order: drop them past the bound.
    for (const id of this.remembered.keys()) {
      if (this.remembered.size <= MAX_REMEMBERED) break;
      this.remembered.delete(id);
    }
  }
}

function describeTask(task: PendingTask | undefined | 'closed'): string {
  if (task === 'closed') return 'the workflow has ended';
  if (!task) return 'no workflow task pending (the update waits on the workflow’s own work)';
  const started = task.startedForMs === undefined ? 'not started by any worker' : `started ${seconds(task.startedForMs)} ago`;
  return `workflow task ${task.state}, attempt ${task.attempt}, scheduled ${seconds(task.scheduledForMs)} ago, ${started}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A duration in milliseconds from the environment: a positive integer, or the default when unset. */
export function positiveMs(raw: string | number | undefined, name: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0)
    throw new Error(`invalid configuration: ${name} must be a positive number of milliseconds, got "${String(raw)}"`);
  return ms;
}
