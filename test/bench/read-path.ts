import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { fire } from './load';
import { ReadCase, readCases } from './read-cases';
import { LatencySummary, Recorder } from './stats';
import type { BenchOptions } from './options';
import type { ReadData } from './read-seed';

export interface ReadResult {
  name: string;
  path: string;
  api: LatencySummary & { perSecond: number };
  sql: LatencySummary & { perSecond: number };
  /** API p50 ÷ plain SQL p50: what the HTTP layer, auth, Prisma and JSON add. */
  ratioP50: number;
  sameResult: boolean;
  /** EXPLAIN ANALYZE of each plain SQL statement: the scans it chose and its execution time. */
  plans: { scans: string[]; executionMs: number; text: string }[];
}

/**
 * Benchmark 3: each read through the running API with autocannon, then the same read as plain
 * SQL on as many pg connections, for the same number of seconds, on the same data.
 */
export async function runReadPath(base: string, databaseUrl: string, data: ReadData, o: BenchOptions): Promise<ReadResult[]> {
  const pool = new Pool({ connectionString: databaseUrl, max: o.readConnections });
  try {
    const results: ReadResult[] = [];
    for (const c of readCases(data)) {
      const first = await fetch(base + c.path, { headers: { authorization: `Bearer ${c.who.token}` } });
      if (first.status !== 200) throw new Error(`${c.name}: ${c.path} answered ${first.status}: ${(await first.text()).slice(0, 300)}`);
      const apiBody = await first.json();
      const sqlRows = await runStatements(pool, c);
      const api = await measureApi(base, c, o);
      const sql = await measureSql(pool, c, o);
      results.push({
        name: c.name,
        path: c.path,
        api,
        sql,
        ratioP50: api.p50 / sql.p50,
        sameResult: c.same(apiBody, sqlRows),
        plans: await explain(pool, c),
      });
      console.log(`[bench] read: ${c.name}: API p50 ${api.p50.toFixed(1)} ms, SQL p50 ${sql.p50.toFixed(1)} ms`);
    }
    return results;
  } finally {
    await pool.end();
  }
}

async function runStatements(pool: Pool, c: ReadCase): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for (const s of c.sql) out.push((await pool.query(s.text, s.values)).rows);
  return out;
}

async function measureApi(base: string, c: ReadCase, o: BenchOptions): Promise<LatencySummary & { perSecond: number }> {
  const rec = new Recorder();
  const result = await fire(
    {
      url: base + c.path,
      connections: o.readConnections,
      duration: o.readSeconds,
      timeout: 120,
      headers: { authorization: `Bearer ${c.who.token}` },
    },
    (_client, status, ms) => (status === 200 ? rec.add('api', ms) : rec.fail('api')),
  );
  const s = rec.summary('api');
  return { ...s, perSecond: s.count / result.duration };
}

/** The same number of connections, each running the statements back to back for the same time. */
async function measureSql(pool: Pool, c: ReadCase, o: BenchOptions): Promise<LatencySummary & { perSecond: number }> {
  const rec = new Recorder();
  const t0 = performance.now();
  const end = t0 + o.readSeconds * 1000;
  await Promise.all(
    Array.from({ length: o.readConnections }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < end) {
          const t = performance.now();
          for (const s of c.sql) await client.query(s.text, s.values);
          rec.add('sql', performance.now() - t);
        }
      } finally {
        client.release();
      }
    }),
  );
  const s = rec.summary('sql');
  return { ...s, perSecond: s.count / ((performance.now() - t0) / 1000) };
}

async function explain(pool: Pool, c: ReadCase): Promise<ReadResult['plans']> {
  const plans: ReadResult['plans'] = [];
  for (const s of c.sql) {
    const rows = (await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values)).rows as { 'QUERY PLAN': string }[];
    const text = rows.map((r) => r['QUERY PLAN']).join('\n');
    const scans = [
      ...text.matchAll(
        /((?:Parallel )?(?:Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)?(?: using "?[\w]+"?)? on "?[\w]+"?)/g,
      ),
    ].map((m) => m[1].replace(/"/g, ''));
    plans.push({ scans: [...new Set(scans)], executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN), text });
  }
  return plans;
}
