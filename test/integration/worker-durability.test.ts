import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getRoundState } from '../../workflows/messages';
import { startPlatform, TestPlatform } from '../support/app';
import { auth, makeUser, roundPayload } from '../support/factories';
import { eventually, workerPolling } from '../support/wait';

const WORKER_MAIN = path.join(__dirname, '../../dist/apps/worker/src/main.js');

/** The real worker process (the build `npm start` runs), on this test's task queue. */
function spawnWorker(taskQueue: string): ChildProcess {
  const child = spawn(process.execPath, [WORKER_MAIN], {
    env: { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

const exited = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)));

describe('a workflow survives its worker', () => {
  let p: TestPlatform;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(WORKER_MAIN)) throw new Error('dist/ is missing: run the tests with `npm test`, which builds first');
    // No in-process worker: the workflow runs only in the spawned worker processes.
    p = await startPlatform({ worker: false });
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await p.close();
  });

  it('finishes correctly after the worker is killed while the workflow waits and a new one starts', async () => {
    const manager = await makeUser(p, 'PROGRAM_MANAGER');
    const first = spawnWorker(p.taskQueue);
    workers.push(first);
    await workerPolling(p.client, p.taskQueue);
    const now = Date.now();
    const round = await p.http
      .post('/api/rounds')
      .set(auth(manager))
      .send(
        roundPayload({
          opensAt: new Date(now + 500).toISOString(),
          closesAt: new Date(now + 12_000).toISOString(),
        }),
      )
      .expect(201);
    await p.http.post(`/api/rounds/${round.body.id}/publish`).set(auth(manager)).expect(200);

    // The first worker opens the window; the workflow then sleeps until the window closes.
    await eventually(
      async () => ((await p.prisma.round.findUnique({ where: { id: round.body.id } }))?.status === 'OPEN' ? true : undefined),
      { label: 'round OPEN' },
    );
    first.kill('SIGKILL');
    await exited(first);

    // The old poller lingers in the server's list for a while: wait for the new worker by its effect.
    const second = spawnWorker(p.taskQueue);
    workers.push(second);
    const handle = p.client.workflow.getHandle(`round-${round.body.id}`);
    // Polled in the database: a query would wait for a worker that is still starting.
    await eventually(
      async () => ((await p.prisma.round.findUnique({ where: { id: round.body.id } }))?.status === 'CLOSED' ? true : undefined),
      { label: 'round CLOSED after the restart', timeoutMs: 90000, intervalMs: 500 },
    );
    expect((await handle.query(getRoundState)).status).toBe('CLOSED');

    const stored = await p.prisma.round.findUniqueOrThrow({ where: { id: round.body.id } });
    expect(stored.status).toBe('CLOSED');
    const actions = (await p.prisma.auditEntry.findMany({ where: { entityId: round.body.id }, orderBy: { id: 'asc' } })).map(
      (e) => e.action,
    );
    // Each transition exactly once, despite the crash.
    expect(actions).toEqual(['round.created', 'round.published', 'round.windowOpened', 'round.windowClosed']);

    await handle.terminate('test finished');
    second.kill('SIGTERM');
    await exited(second);
  });
});
