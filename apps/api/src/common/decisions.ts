import { Inject, Injectable, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApplicationFailure,
  Client,
  isGrpcServiceError,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { Actor, DecisionRefusal, type TransitionBlockers } from '@workflows/messages';
import { positiveMs, StuckWorkflows } from '../health/stuck-workflows';
import { temporalFailure, TEMPORAL_DOWN_MESSAGE, TEMPORAL_SLOW_MESSAGE } from './domain-exception.filter';
import { DependencyUnavailableError, FieldError, ForbiddenError, InvalidTransitionError, ValidationFailedError } from './errors';
import { TEMPORAL_CLIENT } from './temporal.provider';
import type { AuthUser } from './auth/auth-user';
import type { UpdateDefinition } from '@temporalio/common';

export const actorOf = (u: AuthUser): Actor => ({
  userId: u.id,
  role: u.role,
  displayName: u.displayName,
  organizationIds: u.organizationIds,
});

/**
 * The API's one way to Temporal: starts workflows and sends humans' decisions to them as updates,
 * and turns a refusal into the matching domain error: wrong stage → 409 with the current stage,
 * wrong person → 403, bad input → 400. Every call waits at most TEMPORAL_DECISION_TIMEOUT_MS: a
 * workflow that has fallen behind answers 503 with Retry-After in bounded time (and is reported
 * by the health endpoint), never a request that hangs or a 500.
 */
@Injectable()
export class Decisions {
  readonly timeoutMs: number;

  constructor(
    @Inject(TEMPORAL_CLIENT) readonly client: Client,
    private readonly config: ConfigService,
    @Optional() private readonly stuck?: StuckWorkflows,
  ) {
    this.timeoutMs = positiveMs(config.get<string>('TEMPORAL_DECISION_TIMEOUT_MS'), 'TEMPORAL_DECISION_TIMEOUT_MS', 30_000);
  }

  get taskQueue(): string {
    return this.config.getOrThrow<string>('TEMPORAL_TASK_QUEUE');
  }

  /**
   * Starts a workflow on the API's task queue. A start repeated after a lost commit finds the
   * workflow already running, which counts as started; other failures map as a decision's do.
   */
  async start(workflowType: string, workflowId: string, args: unknown[]): Promise<void> {
    try {
      await this.bounded(() => this.client.workflow.start(workflowType, { workflowId, taskQueue: this.taskQueue, args }));
    } catch (e) {
      if (e instanceof WorkflowExecutionAlreadyStartedError) return;
      throw await this.map(e, workflowId);
    }
  }

  /**
   * Runs a short workflow to its result within the timeout, joining a run with the same id that
   * is already under way (two readers asking at once wait for one run).
   */
  async execute<T>(workflowType: string, workflowId: string, args: unknown[]): Promise<T> {
    try {
      return await this.bounded(() =>
        this.client.workflow.execute(workflowType, {
          workflowId,
          taskQueue: this.taskQueue,
          args,
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      );
    } catch (e) {
      if (e instanceof WorkflowFailedError)
        throw new DependencyUnavailableError(
          `暂时无法生成，请稍后再试 / ${workflowType} failed, try again later: ${e.cause?.message ?? e.message}`,
        );
      throw await this.map(e, workflowId);
    }
  }

  async send<Ret, Args extends [unknown, ...unknown[]]>(
    workflowId: string,
    update: UpdateDefinition<Ret, Args>,
    args: Args,
    closedStage?: () => Promise<string>,
  ): Promise<Ret> {
    try {
      return await this.bounded(() => this.client.workflow.getHandle(workflowId).executeUpdate(update, { args }));
    } catch (e) {
      throw await this.map(e, workflowId, closedStage);
    }
  }

  async sendWithStart<Ret, Args extends [unknown, ...unknown[]]>(
    update: UpdateDefinition<Ret, Args>,
    args: Args,
    start: { workflowType: string; workflowId: string; args: unknown[] },
    closedStage?: () => Promise<string>,
  ): Promise<Ret> {
    const startWorkflowOperation = new WithStartWorkflowOperation(start.workflowType, {
      workflowId: start.workflowId,
      taskQueue: this.taskQueue,
      args: start.args,
      workflowIdConflictPolicy: 'USE_EXISTING',
      // A case that has ended (withdrawn, rejected…) must never be restarted by a late submission.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    try {
      return await this.bounded(() => this.client.workflow.executeUpdateWithStart(update, { args, startWorkflowOperation }));
    } catch (e) {
      throw await this.map(e, start.workflowId, closedStage);
    }
  }

  /**
   * One deadline for every gRPC call the update makes: the client otherwise re-sends and re-polls
   * an update that is not accepted, with no end, while the workflow cannot take it.
   */
  private bounded<T>(send: () => Promise<T>): Promise<T> {
    return this.client.connection.withDeadline(Date.now() + this.timeoutMs, send);
  }

  private async map(e: unknown, workflowId: string, closedStage?: () => Promise<string>): Promise<Error> {
    const cause = e instanceof WorkflowUpdateFailedError ? e.cause : undefined;
    if (cause instanceof ApplicationFailure) {
      const detail = (cause.details?.[0] ?? {}) as { currentStage?: string; errors?: FieldError[] } & TransitionBlockers;
      switch (cause.type) {
        case DecisionRefusal.INVALID_TRANSITION:
          return new InvalidTransitionError(cause.message, detail.currentStage ?? 'UNKNOWN', blockersOf(detail));
        case DecisionRefusal.FORBIDDEN:
          return new ForbiddenError(cause.message);
        case DecisionRefusal.VALIDATION:
          return new ValidationFailedError(detail.errors ?? []);
      }
    }
    // The case is running but in a phase that takes no such decision (an evaluation for a project
    // still before its agreement, say): the workflow of that phase has no handler for it.
    if (cause instanceof ApplicationFailure && /No registered handler for update/.test(cause.message)) {
      const stage = closedStage ? await closedStage() : 'UNKNOWN';
      return new InvalidTransitionError(`当前阶段（${stage}）不能作此决定 / this decision does not apply at the current stage`, stage);
    }
    // A workflow that has ended (withdrawn, rejected, not funded…) takes no more decisions.
    if (
      e instanceof WorkflowNotFoundError ||
      e instanceof WorkflowExecutionAlreadyStartedError ||
      (isGrpcServiceError(e) && /already completed|not found/i.test(e.message)) ||
      /already completed/i.test(String((e as Error)?.message))
    ) {
      const stage = closedStage ? await closedStage() : 'CLOSED';
      return new InvalidTransitionError(`流程已结束（${stage}），不能再作此决定 / the case is closed`, stage);
    }
    const failure = temporalFailure(e);
    if (failure === 'slow') {
      this.stuck?.noticeTimeout(workflowId, this.timeoutMs);
      return new DependencyUnavailableError(TEMPORAL_SLOW_MESSAGE);
    }
    // A connection that was never made fails with a plain Error ("Failed to connect before the deadline").
    if (failure === 'down' || /UNAVAILABLE|ECONNREFUSED|Failed to connect/i.test(String((e as Error)?.message))) {
      return new DependencyUnavailableError(TEMPORAL_DOWN_MESSAGE);
    }
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** What blocks a refused step, as the refusal's details carry it: only the known fields, well formed. */
export function blockersOf(detail: TransitionBlockers): TransitionBlockers {
  const out: TransitionBlockers = {};
  if (Array.isArray(detail.applications)) {
    out.applications = detail.applications
      .filter((a) => typeof a?.id === 'string' && typeof a.title === 'string')
      .map((a) => ({ id: a.id, title: a.title, stage: String(a.stage ?? '') }));
    out.applicationCount = typeof detail.applicationCount === 'number' ? detail.applicationCount : out.applications.length;
  }
  if (typeof detail.until === 'string') out.until = detail.until;
  return out;
}
