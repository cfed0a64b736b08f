import { performance } from 'node:perf_hooks';
import { applicationPayload, roundPayload } from '../support/factories';
import { Api, createPeople } from './api-client';
import { fire } from './load';
import { eachLimited, LatencySummary, Limiter, Recorder, sleep } from './stats';
import type { BenchOptions } from './options';
import type { Pool } from 'pg';

export interface RushResult {
  applications: number;
  accepted: number;
  /** Refused because the window had closed (409): the rush did not fit before the deadline. */
  late: number;
  otherErrors: number;
  errorSamples: string[];
  /** How long before the window closed the rush started. */
  leadMs: number;
  wallMs: number;
  submissionsPerSecond: number;
  /** Accepted submissions. */
  latency: LatencySummary;
  /** Every answer, refusals included: what the applicants waited for. */
  latencyAll: LatencySummary;
}

/**
 * Benchmark 2: M organizations have their drafts ready and all press 提交 at once shortly before
 * the round's window closes. autocannon opens one connection per applicant and sends each
 * submission once.
 */
export async function runRush(base: string, pool: Pool, o: BenchOptions): Promise<RushResult> {
  const m = o.rush;
  const people = await createPeople(pool, base, `rush${Date.now().toString(36)}`, [
    { role: 'PROGRAM_MANAGER' },
    ...Array(m).fill({ role: 'APPLICANT', withOrganization: true }),
  ]);
  const [manager, ...applicants] = people;
  const setup = new Api(base, new Limiter(8));
  // Room for the drafts to be written, then `leadMs` for the rush itself before the deadline.
  const leadMs = Math.max(20000, 100 * m);
  const now = Date.now();
  const closesAt = now + 10000 + 60 * m + leadMs;
  const round = await setup.call('POST', '/api/rounds', manager, {
    body: roundPayload({
      regionCode: '330100',
      budgetPool: (m * 200000).toFixed(2),
      projectCeiling: '200000.00',
      opensAt: new Date(now + 1000).toISOString(),
      closesAt: new Date(closesAt).toISOString(),
    }),
  });
  const roundId: string = round.body.id;
  await setup.call('POST', `/api/rounds/${roundId}/publish`, manager);
  const drafts: { id: string; token: string }[] = [];
  await eachLimited(applicants, 8, async (a) => {
    const d = await setup.call('POST', '/api/applications', a, { body: applicationPayload(roundId, a.organizationId!, '100000.00') });
    drafts.push({ id: d.body.id, token: a.token });
  });
  await setup.until('round OPEN', async () =>
    (await setup.call('GET', `/api/rounds/${roundId}`, manager)).body.status === 'OPEN' ? true : undefined,
  );
  const fireAt = closesAt - leadMs;
  if (Date.now() < fireAt) await sleep(fireAt - Date.now());

  const rec = new Recorder();
  const lane = new Map<object, number>();
  const bodies = new Map<number, string>();
  let next = 0;
  let last = 0;
  const statuses: number[] = [];
  const started = Date.now();
  const t0 = performance.now();
  await fire(
    {
      url: base,
      connections: m,
      amount: m,
      timeout: 300,
      setupClient: (client) => {
        const k = next++;
        lane.set(client, k);
        client.on('body', (b: Buffer) => bodies.set(k, b.toString()));
        client.setRequest({
          method: 'POST',
          path: `/api/applications/${drafts[k].id}/submit`,
          headers: { authorization: `Bearer ${drafts[k].token}` },
        });
      },
    },
    (client, status, ms) => {
      last = performance.now();
      statuses[lane.get(client)!] = status;
      rec.add('answer', ms);
      if (status === 200) rec.add('submit', ms);
      else rec.fail('submit');
    },
  );
  const wallMs = last - t0;
  const refused = statuses.map((s, k) => ({ s, k })).filter((x) => x.s !== 200);
  const late = refused.filter((x) => x.s === 409 && /截止|closed/.test(bodies.get(x.k) ?? ''));
  const accepted = statuses.filter((s) => s === 200).length;
  return {
    applications: m,
    accepted,
    late: late.length,
    otherErrors: refused.length - late.length,
    errorSamples: refused
      .filter((x) => !late.includes(x))
      .slice(0, 5)
      .map((x) => `${x.s} ${(bodies.get(x.k) ?? '').slice(0, 200)}`),
    leadMs: closesAt - started,
    wallMs,
    submissionsPerSecond: accepted / (wallMs / 1000),
    latency: rec.summary('submit'),
    latencyAll: rec.summary('answer'),
  };
}
