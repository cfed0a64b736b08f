import { AsyncLocalStorage } from '@temporalio/workflow';
import { REQUEST_ID_HEADER } from './request-id';
import type { Headers, Payload } from '@temporalio/common';
import type {
  ActivityInput,
  LocalActivityInput,
  Next,
  SignalInput,
  UpdateInput,
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/**
 * Carries the request id header (request-id.ts) from the update, signal or start that a workflow
 * handles to the activities it schedules while handling it, in the way of Temporal's
 * context-propagation sample. Headers are not part of a command's identity, so histories
 * recorded before this interceptor replay unchanged. The payload is passed on as it came, never
 * decoded, so the workflow code never reads it.
 */
const current = new AsyncLocalStorage<Payload>();

const withHeader = <T>(headers: Headers, run: () => T): T => {
  const id = headers[REQUEST_ID_HEADER];
  return id ? current.run(id, run) : run();
};

class Inbound implements WorkflowInboundCallsInterceptor {
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    return withHeader(input.headers, () => next(input));
  }
  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    return withHeader(input.headers, () => next(input));
  }
  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    return withHeader(input.headers, () => next(input));
  }
}

class Outbound implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>): Promise<unknown> {
    const id = current.getStore();
    return next(id ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: id } } : input);
  }
  scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ): Promise<unknown> {
    const id = current.getStore();
    return next(id ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: id } } : input);
  }
}

export const interceptors = (): WorkflowInterceptors => ({ inbound: [new Inbound()], outbound: [new Outbound()] });
