import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApplicationFailure, isGrpcServiceError } from '@temporalio/client';
import { Client, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { Actor, DecisionRefusal } from '../../../../workflows/messages';
import type { AuthUser } from './auth/auth-user';
import { DependencyUnavailableError, FieldError, ForbiddenError, InvalidTransitionError, ValidationFailedError } from './errors';
import { TEMPORAL_CLIENT } from './temporal.provider';

export const actorOf = (u: AuthUser): Actor => ({ userId: u.id, role: u.role, displayName: u.displayName, organizationIds: u.organizationIds });

/**
 * Sends humans' decisions to workflows as updates and turns a refusal into the matching
 * domain error: wrong stage → 409 with the current stage, wrong person → 403, bad input → 400.
 */
@Injectable()
export class Decisions {
  constructor(
    @Inject(TEMPORAL_CLIENT) readonly client: Client,
    private readonly config: ConfigService,
  ) {}

  get taskQueue(): string {
    return this.config.getOrThrow<string>('TEMPORAL_TASK_QUEUE');
  }

  async send<Ret, Args extends [unknown, ...unknown[]]>(workflowId: string, update: UpdateDefinition<Ret, Args>, args: Args, closedStage?: () => Promise<string>): Promise<Ret> {
    try {
      return await this.client.workflow.getHandle(workflowId).executeUpdate(update, { args });
    } catch (e) {
      throw await this.map(e, closedStage);
    }
  }

  async sendWithStart<Ret, Args extends [unknown, ...unknown[]]>(
    update: UpdateDefinition<Ret, Args>,
    args: Args,
    start: { workflowType: string; workflowId: string; args: unknown[] },
    closedStage?: () => Promise<string>,
  ): Promise<Ret> {
    const startWorkflowOperation = new WithStartWorkflowOperation(start.workflowType, {
      workflowId: start.workflowId, taskQueue: this.taskQueue, args: start.args, workflowIdConflictPolicy: 'USE_EXISTING',
      // A case that has ended (withdrawn, rejected…) must never be restarted by a late submission.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    try {
      return await this.client.workflow.executeUpdateWithStart(update, { args, startWorkflowOperation });
    } catch (e) {
      throw await this.map(e, closedStage);
    }
  }

  private async map(e: unknown, closedStage?: () => Promise<string>): Promise<Error> {
    const cause = e instanceof WorkflowUpdateFailedError ? e.cause : undefined;
    if (cause instanceof ApplicationFailure) {
      const detail = (cause.details?.[0] ?? {}) as { currentStage?: string; errors?: FieldError[] };
      switch (cause.type) {
        case DecisionRefusal.INVALID_TRANSITION:
          return new InvalidTransitionError(cause.message, detail.currentStage ?? 'UNKNOWN');
        case DecisionRefusal.FORBIDDEN:
          return new ForbiddenError(cause.message);
        case DecisionRefusal.VALIDATION:
          return new ValidationFailedError(detail.errors ?? []);
      }
    }
    // A workflow that has ended (withdrawn, rejected, not funded…) takes no more decisions.
    if (e instanceof WorkflowNotFoundError || e instanceof WorkflowExecutionAlreadyStartedError || (isGrpcServiceError(e) && /already completed|not found/i.test(e.message)) || /already completed/i.test(String((e as Error)?.message))) {
      const stage = closedStage ? await closedStage() : 'CLOSED';
      return new InvalidTransitionError(`流程已结束（${stage}），不能再作此决定 / the case is closed`, stage);
    }
    if (isGrpcServiceError(e) || /UNAVAILABLE|ECONNREFUSED|deadline/i.test(String((e as Error)?.message))) {
      return new DependencyUnavailableError('流程引擎暂不可用，请稍后重试 / Temporal is unavailable');
    }
    return e instanceof Error ? e : new Error(String(e));
  }
}
