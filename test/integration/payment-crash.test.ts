import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { auth } from '../support/factories';
import { fundedProjects } from '../support/funded-projects';
import { eventually, workerPolling } from '../support/wait';

const WORKER_MAIN = path.join(__dirname, '../../dist/apps/worker/src/main.js');
const exited = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)));

/** Issue 4, acceptance 4 (second half): a worker killed inside the payment activity. */
describe('a worker killed during the payment activity', () => {
  let p: TestPlatform;
  const workers: ChildProcess[] = [];
  const env = { PSP_NOTICE_PERIOD_MS: '1500', PSP_TERM_MS: '600000' };
  const spawnWorker = (extra: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [WORKER_MAIN], {
      env: { ...process.env, ...env, ...extra, TEMPORAL_TASK_QUEUE: p.taskQueue },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    p = await startPlatform({ worker: false });
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await shutDown(p);
  });

  it('still pays exactly once after the worker is killed and replaced', async () => {
    spawnWorker();
    const first = workers[0];
    await workerPolling(p.client, p.taskQueue);
    const f = await fundedProjects(p, 1);
    const id = f.projectIds[0];
    first.kill('SIGTERM');
    await exited(first);

    // This worker's treasury call takes 4 s: long enough to be killed inside it.
    const slow = spawnWorker({ PSP_TREASURY_LATENCY_MS: '4000' });
    await p.http.post(`/api/projects/${id}/tranches/1/request`).set(auth(f.finance1)).expect(200);
    const approval = p.http
      .post(`/api/projects/${id}/tranches/1/approve`)
      .set(auth(f.finance2))
      .then((r) => r);
    const handle = p.client.workflow.getHandle(`project-${id}`);
    await eventually(
      async () => {
        const d = await handle.describe();
        return d.raw.pendingActivities?.some((a) => a.activityType?.name === 'payTranche' && a.state !== null) ? true : undefined;
      },
      { label: 'payTranche running', intervalMs: 100 },
    );
    await new Promise((r) => setTimeout(r, 1000));
    slow.kill('SIGKILL');
    await exited(slow);

    spawnWorker();
    const res = await approval;
    expect(res.status).toBe(200);
    await eventually(
      async () =>
        (await p.prisma.tranche.findUniqueOrThrow({ where: { applicationId_seq: { applicationId: id, seq: 1 } } })).status === 'PAID'
          ? true
          : undefined,
      { label: 'PAID', timeoutMs: 40000 },
    );
    expect(await p.prisma.payment.count({ where: { applicationId: id } })).toBe(1);
    expect(await p.prisma.bankTransfer.count({ where: { idempotencyKey: `${id}/1` } })).toBe(1);
    expect(await p.prisma.auditEntry.count({ where: { entityId: `${id}/1`, action: 'tranche.paid' } })).toBe(1);
    expect(await p.prisma.document.count({ where: { applicationId: id, kind: 'DISBURSEMENT_NOTICE' } })).toBe(1);
  });
});
