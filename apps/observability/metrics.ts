import http from 'node:http';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { NextFunction, Request, Response } from 'express';

/** One registry a process: Node's own metrics and the platform's, served by serveMetrics. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'psp_' });

export const httpDuration = new Histogram({
  name: 'psp_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status, and how long they took / HTTP 请求耗时',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const applicationsSubmitted = new Counter({
  name: 'psp_applications_submitted_total',
  help: 'Applications submitted / 已提交申报',
  registers: [registry],
});

export const decisionsTaken = new Counter({
  name: 'psp_decisions_total',
  help: 'Decisions recorded, by kind (the activity that wrote it) / 已记录的决定',
  labelNames: ['kind'],
  registers: [registry],
});

export const paymentsMade = new Counter({
  name: 'psp_payments_total',
  help: 'Tranches paid / 已拨付批次',
  registers: [registry],
});

export const emailsSent = new Counter({
  name: 'psp_emails_total',
  help: 'Emails handed to the SMTP server, by outcome (sent, failed) / 邮件发送',
  labelNames: ['outcome'],
  registers: [registry],
});

/**
 * Express middleware: times every request and labels it with the route's pattern
 * (`/api/projects/:id/tranches/:seq/request`), never the path itself, so that the number of
 * series stays bounded whatever callers send.
 */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const end = httpDuration.startTimer();
  res.on('finish', () => {
    const pattern = req.route?.path;
    const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
    end({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves GET /metrics (Prometheus text) on its own port, on the loopback interface unless
 * METRICS_HOST says otherwise: not on the public port, and not public by default. `more` adds
 * text from elsewhere (the Temporal SDK's own exporter in the worker).
 */
export function serveMetrics(
  port: number,
  host = process.env.METRICS_HOST ?? '127.0.0.1',
  more?: () => Promise<string>,
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    void (async () => {
      try {
        const text = (await registry.metrics()) + (more ? `\n${await more()}` : '');
        res.writeHead(200, { 'Content-Type': registry.contentType }).end(text);
      } catch (e) {
        res.writeHead(500).end(e instanceof Error ? e.message : String(e));
      }
    })();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

/** METRICS_PORT as a number, or undefined when metrics are off (unset or empty). */
export function metricsPort(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.METRICS_PORT?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`METRICS_PORT must be a port number, got "${raw}"`);
  return n;
}
