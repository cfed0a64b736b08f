import pino, { type LoggerOptions } from 'pino';
import { currentRequestId } from './request-context';

/**
 * JSON logs, one object a line on stdout, for both apps: `time` in ISO form, `level` as a word,
 * and the request id of the current request or decision (`reqId`) on every line written inside
 * one. LOG_LEVEL (default info) sets the threshold.
 */
export function loggerOptions(app: 'api' | 'worker'): LoggerOptions {
  return {
    level: process.env.LOG_LEVEL ?? 'info',
    base: { app, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const reqId = currentRequestId();
      return reqId ? { reqId } : {};
    },
    // Credentials never reach the logs.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
  };
}

export const createLogger = (app: 'api' | 'worker') => pino(loggerOptions(app));
