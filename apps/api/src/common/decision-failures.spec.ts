import { ArgumentsHost, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  Client,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { defineUpdate } from '@temporalio/workflow';
import { Decisions } from './decisions';
import { DomainExceptionFilter, temporalFailure } from './domain-exception.filter';
import { DependencyUnavailableError, InvalidTransitionError } from './errors';
import type { StuckWorkflows } from '../health/stuck-workflows';

/** An error shaped as @grpc/grpc-js throws it (what isGrpcServiceError recognizes). */
function grpcError(code: number, details: string): Error {
  const names: Record<number, string> = {
    1: 'CANCELLED',
    3: 'INVALID_ARGUMENT',
    4: 'DEADLINE_EXCEEDED',
    5: 'NOT_FOUND',
    8: 'RESOURCE_EXHAUSTED',
    9: 'FAILED_PRECONDITION',
    10: 'ABORTED',
    14: 'UNAVAILABLE',
  };
  return Object.assign(new Error(`${code} ${names[code]}: ${details}`), { code, details, metadata: {} });
}

/** What the client throws around a server error during an update (rethrowUpdateGrpcError → ServiceError). */
const wrapped = (cause: Error) => new ServiceError('Workflow Update failed', { cause });

// Every way Temporal says "not now" for a decision: each must be a 503, never a 500.
const SLOW: [string, () => unknown][] = [
  [
    'an update whose RPC timed out (WorkflowUpdateRPCTimeoutOrCancelledError)',
    () => new WorkflowUpdateRPCTimeoutOrCancelledError('Deadline exceeded', { cause: grpcError(4, 'Deadline exceeded') }),
  ],
  [
    'an update whose RPC was cancelled',
    () => new WorkflowUpdateRPCTimeoutOrCancelledError('Cancelled on client', { cause: grpcError(1, 'Cancelled on client') }),
  ],
  ['a bare gRPC DEADLINE_EXCEEDED', () => grpcError(4, 'context deadline exceeded')],
  ['a gRPC ABORTED', () => wrapped(grpcError(10, 'operation aborted'))],
  [
    'a gRPC RESOURCE_EXHAUSTED (too many updates in flight)',
    () => wrapped(grpcError(8, 'limit on number of concurrent in-flight updates has been reached (10)')),
  ],
  ['"workflow update was aborted" (UNAVAILABLE, the registry cleared)', () => wrapped(grpcError(14, 'workflow update was aborted'))],
  [
    'a workflow task that keeps failing (WorkflowNotReady)',
    () => wrapped(grpcError(9, 'Unable to perform workflow execution update due to unexpected workflow task failure.')),
  ],
  ['"update was aborted" in a plain message', () => new Error('Workflow Update was aborted.')],
];
const DOWN: [string, () => unknown][] = [
  [
    'a gRPC UNAVAILABLE with no server behind it',
    () => grpcError(14, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7233'),
  ],
  ['the same, wrapped by the client', () => wrapped(grpcError(14, 'No connection established'))],
];
const BUGS: [string, () => unknown][] = [
  ['a TypeError', () => new TypeError("Cannot read properties of undefined (reading 'stage')")],
  ['a gRPC INVALID_ARGUMENT', () => wrapped(grpcError(3, 'update name is not set on request'))],
  ['another FAILED_PRECONDITION', () => wrapped(grpcError(9, 'Namespace default is not active'))],
];

const BILINGUAL = /^[^a-zA-Z]*[\u4e00-\u9fff][^/]* \/ [a-zA-Z]/;

function answer(error: unknown): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const out = { status: 0, headers: {} as Record<string, string>, body: {} as Record<string, unknown> };
  const res = {
    setHeader: (k: string, v: string) => {
      out.headers[k] = v;
    },
    status(code: number) {
      out.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      out.body = body;
      return this;
    },
  };
  new DomainExceptionFilter().catch(error, { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost);
  return out;
}

function decisionsFailingWith(error: unknown) {
  const deadlines: number[] = [];
  const fail = () => Promise.reject(error);
  const start = jest.fn(fail);
  const client = {
    connection: {
      withDeadline: (deadline: number, fn: () => Promise<unknown>) => {
        deadlines.push(deadline);
        return fn();
      },
    },
    workflow: { getHandle: () => ({ executeUpdate: fail }), executeUpdateWithStart: fail, start },
  } as unknown as Client;
  const stuck = { noticeTimeout: jest.fn() };
  const decisions = new Decisions(
    client,
    new ConfigService({ TEMPORAL_DECISION_TIMEOUT_MS: '1500', TEMPORAL_TASK_QUEUE: 'q' }),
    stuck as unknown as StuckWorkflows,
  );
  return { decisions, stuck, deadlines, start };
}

const decide = defineUpdate<string, [string]>('decide');

describe('decision failures: 503 when Temporal cannot answer, 500 for a bug', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it.each(SLOW)('answers %s with 503, Retry-After and a bilingual message', (_name, make) => {
    expect(temporalFailure(make())).toBe('slow');
    const res = answer(make());
    expect(res.status).toBe(503);
    expect(res.headers['Retry-After']).toBe('5');
    expect(res.body).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', dependency: 'temporal' });
    expect(res.body.message).toMatch(BILINGUAL);
    expect(res.body.message).toMatch(/did not answer in time/);
  });

  it.each(DOWN)('answers %s with 503 saying Temporal is unavailable', (_name, make) => {
    expect(temporalFailure(make())).toBe('down');
    const res = answer(make());
    expect(res.status).toBe(503);
    expect(res.headers['Retry-After']).toBe('5');
    expect(res.body.message).toMatch(BILINGUAL);
    expect(res.body.message).toMatch(/Temporal is unavailable/);
  });

  it.each(BUGS)('still answers %s with 500 and no Retry-After', (_name, make) => {
    expect(temporalFailure(make())).toBeUndefined();
    const res = answer(make());
    expect(res.status).toBe(500);
    expect(res.headers['Retry-After']).toBeUndefined();
    expect(res.body).toEqual({ statusCode: 500, code: 'INTERNAL', message: '服务器内部错误 / internal error' });
  });

  it.each(SLOW)('turns %s from an update into DependencyUnavailableError and remembers the workflow', async (_name, make) => {
    const { decisions, stuck, deadlines } = decisionsFailingWith(make());
    const before = Date.now();
    const sent = decisions.send('project-42', decide, ['x']);
    await expect(sent).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(sent).rejects.toMatchObject({ status: 503, dependency: 'temporal', message: expect.stringMatching(BILINGUAL) });
    expect(stuck.noticeTimeout).toHaveBeenCalledWith('project-42', 1500);
    // The update ran under one deadline, TEMPORAL_DECISION_TIMEOUT_MS from the call.
    expect(deadlines).toHaveLength(1);
    expect(deadlines[0] - before).toBeGreaterThanOrEqual(1500);
    expect(deadlines[0] - Date.now()).toBeLessThanOrEqual(1500);
  });

  it('bounds an update-with-start the same way', async () => {
    const { decisions, stuck, deadlines } = decisionsFailingWith(new WorkflowUpdateRPCTimeoutOrCancelledError('Deadline exceeded'));
    const sent = decisions.sendWithStart(decide, ['x'], { workflowType: 'projectWorkflow', workflowId: 'project-7', args: [] });
    await expect(sent).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(stuck.noticeTimeout).toHaveBeenCalledWith('project-7', 1500);
    expect(deadlines).toHaveLength(1);
  });

  it('bounds a workflow start the same way, on the configured task queue', async () => {
    const { decisions, deadlines, start } = decisionsFailingWith(new WorkflowUpdateRPCTimeoutOrCancelledError('Deadline exceeded'));
    await expect(decisions.start('roundWorkflow', 'round-1', [{ roundId: '1' }])).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(start).toHaveBeenCalledWith('roundWorkflow', { workflowId: 'round-1', taskQueue: 'q', args: [{ roundId: '1' }] });
    expect(deadlines).toHaveLength(1);

    const down = decisionsFailingWith(DOWN[0][1]());
    await expect(down.decisions.start('roundWorkflow', 'round-1', [])).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(/Temporal is unavailable/),
    });
    const bug = new TypeError('boom');
    await expect(decisionsFailingWith(bug).decisions.start('roundWorkflow', 'round-1', [])).rejects.toBe(bug);
  });

  it('counts a workflow already running as started (a publish repeated after a lost commit)', async () => {
    const again = decisionsFailingWith(
      new WorkflowExecutionAlreadyStartedError('Workflow execution already started', 'round-1', 'roundWorkflow'),
    );
    await expect(again.decisions.start('roundWorkflow', 'round-1', [])).resolves.toBeUndefined();
  });

  it('keeps a bug a bug, an unreachable Temporal unremembered, and an ended case a 409', async () => {
    const bug = new TypeError('boom');
    const buggy = decisionsFailingWith(bug);
    await expect(buggy.decisions.send('project-1', decide, ['x'])).rejects.toBe(bug);
    expect(buggy.stuck.noticeTimeout).not.toHaveBeenCalled();

    const down = decisionsFailingWith(DOWN[0][1]());
    await expect(down.decisions.send('project-1', decide, ['x'])).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(/Temporal is unavailable/),
    });
    expect(down.stuck.noticeTimeout).not.toHaveBeenCalled();

    // "aborted by closing workflow" is a NotFound: the client makes it WorkflowNotFoundError, and the case is over.
    const closed = decisionsFailingWith(
      new WorkflowNotFoundError('workflow update was aborted by closing workflow', 'project-1', undefined),
    );
    await expect(closed.decisions.send('project-1', decide, ['x'], async () => 'WITHDRAWN')).rejects.toMatchObject({
      currentStage: 'WITHDRAWN',
    });
    await expect(closed.decisions.send('project-1', decide, ['x'])).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it('answers 409 with the current stage for a decision the running phase has no handler for', async () => {
    const early = decisionsFailingWith(
      new WorkflowUpdateFailedError(
        'Workflow Update failed',
        ApplicationFailure.nonRetryable('No registered handler for update: assignEvaluator'),
      ),
    );
    const sent = early.decisions.send('project-3', decide, ['x'], async () => 'PUBLIC_NOTICE');
    await expect(sent).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(sent).rejects.toMatchObject({ currentStage: 'PUBLIC_NOTICE', message: expect.stringMatching(BILINGUAL) });
    expect(early.stuck.noticeTimeout).not.toHaveBeenCalled();
  });

  it('refuses a decision timeout that is not a positive number of milliseconds', () => {
    const client = {} as Client;
    expect(() => new Decisions(client, new ConfigService({ TEMPORAL_DECISION_TIMEOUT_MS: 'soon' }))).toThrow(
      /TEMPORAL_DECISION_TIMEOUT_MS/,
    );
    expect(new Decisions(client, new ConfigService({})).timeoutMs).toBe(30_000);
  });
});
