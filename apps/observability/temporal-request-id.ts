import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import { REQUEST_ID_HEADER } from '../../workflows/request-id';
import { currentRequestId, requestContext } from './request-context';
import type { Next, WorkflowClientInterceptor } from '@temporalio/client';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory } from '@temporalio/worker';

const withRequestId = (headers: Headers): Headers => {
  const id = currentRequestId();
  return id ? { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(id) } : headers;
};

/**
 * The API's side: every start, signal and update its Temporal client sends carries the request
 * id of the HTTP request that caused it (request-id.ts in workflows/ explains the way it goes).
 */
export class RequestIdClientInterceptor implements WorkflowClientInterceptor {
  start: WorkflowClientInterceptor['start'] = (input, next) => next({ ...input, headers: withRequestId(input.headers) });
  startWithDetails: WorkflowClientInterceptor['startWithDetails'] = (input, next) =>
    next({ ...input, headers: withRequestId(input.headers) });
  startUpdate: WorkflowClientInterceptor['startUpdate'] = (input, next) => next({ ...input, headers: withRequestId(input.headers) });
  startUpdateWithStart: WorkflowClientInterceptor['startUpdateWithStart'] = (input, next) =>
    next({ ...input, workflowStartHeaders: withRequestId(input.workflowStartHeaders), updateHeaders: withRequestId(input.updateHeaders) });
  signal: WorkflowClientInterceptor['signal'] = (input, next) => next({ ...input, headers: withRequestId(input.headers) });
  signalWithStart: WorkflowClientInterceptor['signalWithStart'] = (input, next) =>
    next({ ...input, headers: withRequestId(input.headers) });
}

/**
 * The worker's side: an activity runs inside the request id its workflow passed on, so every
 * log line written while it runs carries it; `onDone` hears of each activity as it ends (for the
 * log line and the counters of the worker).
 */
export function requestIdActivityInterceptors(
  onDone: (event: { activityType: string; workflowId?: string; ms: number; error?: unknown }) => void,
): ActivityInterceptorsFactory {
  return (ctx) => {
    const inbound: ActivityInboundCallsInterceptor = {
      async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
        const header = input.headers[REQUEST_ID_HEADER];
        const id = header ? (defaultPayloadConverter.fromPayload(header) as unknown) : undefined;
        const run = async () => {
          const started = Date.now();
          const event = { activityType: ctx.info.activityType, workflowId: ctx.info.workflowExecution?.workflowId };
          try {
            const result = await next(input);
            onDone({ ...event, ms: Date.now() - started });
            return result;
          } catch (error) {
            onDone({ ...event, ms: Date.now() - started, error });
            throw error;
          }
        };
        return typeof id === 'string' ? requestContext.run({ requestId: id }, run) : run();
      },
    };
    return { inbound };
  };
}
