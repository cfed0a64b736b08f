import { Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';

/**
 * Fault injection for the crash tests (`npm run test:faults`), off unless both
 * PSP_FAULT_ACTIVITY_DELAY_MS and PSP_FAULT_ACTIVITY_MATCH are set. The first attempt of every
 * activity whose type matches the regular expression announces itself on stderr and then waits,
 * so that the test can kill -9 the worker while the activity is in flight:
 *
 * - PSP_FAULT_ACTIVITY_PHASE=before (default): before the effect, i.e. the task was taken but
 *   nothing was written;
 * - PSP_FAULT_ACTIVITY_PHASE=after: after the effect committed but before the server hears of it,
 *   the case where a retry must find its own audit entry and do nothing twice.
 *
 * Retries (attempt > 1) run undisturbed, so a replacement worker started with the same settings
 * finishes what the killed one left.
 */
export const FAULT_MARKER = '[fault-injection]';

export interface FaultSettings {
  delayMs: number;
  match: RegExp;
  phase: 'before' | 'after';
}

export function faultSettings(env: NodeJS.ProcessEnv): FaultSettings | undefined {
  const delayMs = Number(env.PSP_FAULT_ACTIVITY_DELAY_MS ?? '');
  if (!env.PSP_FAULT_ACTIVITY_MATCH || !Number.isFinite(delayMs) || delayMs <= 0) return undefined;
  return { delayMs, match: new RegExp(env.PSP_FAULT_ACTIVITY_MATCH), phase: env.PSP_FAULT_ACTIVITY_PHASE === 'after' ? 'after' : 'before' };
}

class FaultInjectionInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly settings: FaultSettings) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const info = Context.current().info;
    if (info.attempt > 1 || !this.settings.match.test(info.activityType)) return next(input);
    if (this.settings.phase === 'after') {
      const result = await next(input);
      await this.hold(info.activityType, info.workflowExecution?.workflowId);
      return result;
    }
    await this.hold(info.activityType, info.workflowExecution?.workflowId);
    return next(input);
  }

  private async hold(activityType: string, workflowId: string | undefined): Promise<void> {
    // One JSON line per activity held: the test reads it from the worker's stderr.
    process.stderr.write(`${FAULT_MARKER} ${JSON.stringify({ activityType, workflowId, phase: this.settings.phase, pid: process.pid })}\n`);
    await new Promise((r) => setTimeout(r, this.settings.delayMs));
  }
}

/** The activity interceptor factories for Worker.create: none unless the variables are set. */
export function faultInjectionInterceptors(env: NodeJS.ProcessEnv = process.env): ActivityInterceptorsFactory[] {
  const settings = faultSettings(env);
  if (!settings) return [];
  process.stderr.write(`${FAULT_MARKER} enabled: ${settings.match.source} held ${settings.delayMs} ms ${settings.phase} the effect\n`);
  const interceptor = new FaultInjectionInterceptor(settings);
  return [() => ({ inbound: interceptor })];
}
