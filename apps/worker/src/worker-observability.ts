import net from 'node:net';
import { LoggerService } from '@nestjs/common';
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import { createLogger } from '../../observability/logger';
import { applicationsSubmitted, decisionsTaken, paymentsMade } from '../../observability/metrics';
import { requestIdActivityInterceptors } from '../../observability/temporal-request-id';

/** The worker's JSON log (observability/logger.ts): Nest's lines, the SDK's and one per activity. */
export const workerLog = createLogger('worker');

/** Nest's logger interface over the JSON log. */
export class WorkerNestLogger implements LoggerService {
  log(message: unknown, context?: string) {
    workerLog.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    workerLog.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    workerLog.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    workerLog.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    workerLog.trace({ context }, String(message));
  }
}

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The Temporal SDK's own log lines (core and worker), into the same JSON log. */
export const temporalSdkLogger = (level: LogLevel) =>
  new DefaultLogger(level, (entry: LogEntry) => workerLog[PINO_LEVEL[entry.level]]({ ...entry.meta, context: 'temporal' }, entry.message));

/** What each activity's completion counts for (observability/metrics.ts). */
const DECISIONS = new Set([
  'applyEligibilityDecision',
  'saveScores',
  'adjustAward',
  'saveObjectionRuling',
  'saveObjectionRulings',
  'publishNotice',
  'finalizeRound',
  'signAgreement',
  'markTrancheRequested',
  'payTranche',
  'reviewReport',
  'decideChange',
  'saveEvaluation',
  'terminate',
  'closeout',
  'withdrawApplication',
]);

/**
 * Runs each activity inside the request id its decision came with, writes one log line when it
 * ends (with that id, so one decision is found in the API's and the worker's logs alike) and
 * counts submissions, decisions and payments.
 */
export const activityObserver = () =>
  requestIdActivityInterceptors(({ activityType, workflowId, ms, error }) => {
    if (error) {
      workerLog.warn({ activityType, workflowId, ms, err: error instanceof Error ? error.message : String(error) }, 'activity failed');
      return;
    }
    workerLog.info({ activityType, workflowId, ms }, 'activity done');
    if (activityType === 'recordSubmission') applicationsSubmitted.inc();
    if (activityType === 'payTranche') paymentsMade.inc();
    if (DECISIONS.has(activityType)) decisionsTaken.inc({ kind: activityType });
  });

/** A free port on the loopback interface, for the SDK's own Prometheus exporter. */
export const freeLoopbackPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
