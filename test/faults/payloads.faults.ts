import fc from 'fast-check';
import { Client } from 'pg';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { auth } from '../support/factories';
import { Generated, oddFileDisposition, oddNumberText, payloadFor } from './arbitraries';
import { sleep } from './lifecycle';
import { buildWorld, Target, targets, World } from './payload-targets';
import { newTally, writeTally } from './tally';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const databases = require('../../scripts/db.cjs');

/**
 * Issue 6, part 3 (API): random and malformed payloads against the main write endpoints of the
 * real app — by default 10,000 requests in all. No answer may be a 5xx (or missing), and a
 * refused request (4xx) may not change a single row: after each one the suite compares a
 * fingerprint of every table these endpoints write with the one taken before it.
 */
const TOTAL = Number(process.env.PSP_FAULT_PAYLOADS ?? 10000);
const ENV = { PSP_NOTICE_PERIOD_MS: '1500', PSP_TERM_MS: '7200000', PSP_REMINDER_LEAD_MS: '1' };

// Every table these endpoints write. count(*) and the newest xmin of each change with any
// committed insert, update (a new row version) or delete, and a rolled-back write leaves both
// as they were — a cheap fingerprint of "did anything change".
const TABLES = [
  'Application',
  'Round',
  'Organization',
  'Membership',
  'Report',
  'Tranche',
  'Assignment',
  'ChangeRequest',
  'Objection',
  'OutboxMessage',
  'Evaluation',
  'EligibilityCheck',
  'Notification',
  'AuditEntry',
  'Document',
  'Payment',
  'Attachment',
  'Signature',
  'BankTransfer',
  'CreditRecord',
  'Recovery',
  'OrganizationVerification',
  'OrganizationDispute',
];
const FINGERPRINT = `SELECT concat_ws('|', ${TABLES.map((t) => `(SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM "${t}")`).join(', ')}) AS fp`;
// A request that gets no answer at all is as much a failure as a 5xx.
const ANSWER_WITHIN_MS = 30000;
// Requests per property run; the broken ones among them are sent side by side.
const BATCH = 8;

describe(`${TOTAL} random and malformed API payloads`, () => {
  let p: TestPlatform;
  let w: World;
  let db: Client;
  let before = '';
  const tally = newTally();
  const statuses: Record<string, Record<number, number>> = {};
  let refusedChecked = 0;

  let fingerprintMs = 0;
  let fingerprints = 0;
  const fingerprint = async () => {
    const t = Date.now();
    const fp = (await db.query<{ fp: string }>(FINGERPRINT)).rows[0].fp;
    fingerprintMs += Date.now() - t;
    fingerprints++;
    return fp;
  };
  /** Waits until nothing moves: what a successful request started has finished writing. */
  const settle = async () => {
    for (let last = await fingerprint(); ;) {
      await sleep(40);
      const now = await fingerprint();
      if (now === last) return now;
      last = now;
    }
  };

  // A database of its own: the fingerprint must see this file's writes only, even when another
  // test file runs alongside in the other Jest worker.
  const runDatabase = process.env.DATABASE_URL!;
  const ownDatabase = `${runDatabase}_payloads`;

  beforeAll(async () => {
    await databases.ensureDatabase(ownDatabase);
    databases.migrateDeploy(ownDatabase, { quiet: true });
    Object.assign(process.env, ENV, { DATABASE_URL: ownDatabase });
    p = await startPlatform();
    w = await buildWorld(p);
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await sleep(1000);
    before = await settle();
  }, 180000);
  afterAll(async () => {
    await db?.end();
    await shutDown(p);
    for (const k of Object.keys(ENV)) delete process.env[k];
    process.env.DATABASE_URL = runDatabase;
    if (!process.env.KEEP_TEST_DB) await databases.dropDatabase(ownDatabase);
    const all = Object.values(statuses).flatMap((s) => Object.entries(s));
    const sum = (pred: (code: number) => boolean) => all.filter(([c]) => pred(Number(c))).reduce((a, [, n]) => a + n, 0);
    tally.notes!.push(
      `${sum(() => true)} requests: ${sum((c) => c < 300)} accepted, ${sum((c) => c >= 400 && c < 500)} refused (${refusedChecked} checked for writes), ${sum((c) => c >= 500)} 5xx`,
    );
    tally.notes!.push(`fingerprints: ${fingerprints}, ${(fingerprintMs / Math.max(1, fingerprints)).toFixed(1)} ms each`);
    for (const [name, s] of Object.entries(statuses)) tally.notes!.push(`${name} ${JSON.stringify(s)}`);
    writeTally(__filename, tally);
  });

  const perTarget = () => Math.ceil(TOTAL / targets(w).length);

  /** Sends one generated payload; a 5xx or no answer at all fails the property. */
  const send = async (target: Target, g: Generated, path: string) => {
    const text = g.raw ?? JSON.stringify(g.body);
    let req = p.http[target.method](path).set('Content-Type', 'application/json');
    if (target.as) req = req.set(auth(target.as));
    const res = await req
      .timeout(ANSWER_WITHIN_MS)
      .send(text)
      .catch((e: Error) => {
        throw new Error(`no answer within ${ANSWER_WITHIN_MS} ms (${e.message}) for ${path} ${text.slice(0, 500)}`);
      });
    const seen = (statuses[target.name] ??= {});
    seen[res.status] = (seen[res.status] ?? 0) + 1;
    if (g.origin !== 'valid') tally.faults++;
    if (res.status >= 500) throw new Error(`${res.status} for ${path} ${text.slice(0, 500)}: ${JSON.stringify(res.body)}`);
    return { status: res.status, what: `${res.status} ${path} ${text.slice(0, 300)}` };
  };

  /** Refused requests must have left the fingerprint as it was; anything accepted moves it on. */
  const check = async (answers: { status: number; what: string }[]) => {
    if (answers.every((a) => a.status >= 400)) {
      const after = await fingerprint();
      if (after !== before) {
        before = await settle();
        throw new Error(`refused, yet the database changed:\n${answers.map((a) => a.what).join('\n')}`);
      }
      refusedChecked += answers.length;
    } else {
      before = await settle();
    }
  };

  // One test per endpoint. Each run is a batch: the broken payloads go out side by side (the
  // batch, all refused, must leave the database as it was), then the valid ones one at a time,
  // each checked on its own since it may well be accepted.
  const names = [
    'create application',
    'edit application',
    'eligibility decision',
    'expert scores',
    'report',
    'change request',
    'evaluation',
    'objection',
    'create round',
    'verify organization facts',
    'register organization',
  ];
  it.each(names)(
    '%s: no 5xx, and a refused request writes nothing',
    async (name) => {
      const target = targets(w).find((t) => t.name === name) as Target;
      expect(target).toBeDefined();
      const batch = fc.array(fc.tuple(payloadFor(target.valid), target.path), { minLength: BATCH, maxLength: BATCH });
      await fc.assert(
        fc.asyncProperty(batch, async (items) => {
          const broken = items.filter(([g]) => g.origin !== 'valid');
          await check(await Promise.all(broken.map(([g, path]) => send(target, g, path))));
          for (const [g, path] of items.filter(([x]) => x.origin === 'valid')) await check([await send(target, g, path)]);
        }),
        { numRuns: Math.ceil(perTarget() / BATCH), endOnFailure: true },
      );
    },
    600000,
  );

  // Issue 15: a number in a query string is a whole number in range or a 400 naming its field.
  const LISTS: [string, string, number, number][] = [
    ...['/api/rounds', '/api/organizations', '/api/applications', '/api/objections', '/api/tranches', '/api/notifications'].flatMap(
      (path): [string, string, number, number][] => [
        [path, 'page', 1, 1_000_000],
        [path, 'pageSize', 1, 100],
      ],
    ),
    ['/api/finance/ledger.xlsx', 'page', 1, 1_000_000],
    ['/api/calendar', 'year', 2000, 2100],
  ];
  it('list queries: odd numbers are taken or refused naming the field, never a 5xx', async () => {
    const runs = Math.max(20, Math.ceil(perTarget() / 4));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...LISTS), oddNumberText(), async ([path, field, min, max], value) => {
        const res = await p.http
          .get(path)
          .query({ [field]: value })
          .set(auth(w.f.manager))
          .timeout(ANSWER_WITHIN_MS);
        tally.faults++;
        if (res.status >= 500) throw new Error(`${res.status} for ${path}?${field}=${JSON.stringify(value)}`);
        const n = Number(value);
        if (Number.isInteger(n) && n >= min && n <= max) return;
        expect({ path, value, status: res.status }).toEqual({ path, value, status: 400 });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }),
      { numRuns: runs, endOnFailure: true },
    );
  }, 600000);

  // Issue 15: multipart file names with control characters, raw or encoded, and other oddities of the part header.
  const BOUNDARY = 'psp-fault-boundary';
  const multipart = (disposition: string) =>
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nOTHER\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n%\n\r\n--${BOUNDARY}--\r\n`,
      'utf8',
    );
  it('multipart uploads: odd file names and part headers, no 5xx, and a refused upload writes nothing', async () => {
    const runs = Math.max(20, Math.ceil(perTarget() / 4));
    await fc.assert(
      fc.asyncProperty(oddFileDisposition(), async (disposition) => {
        const res = await p.http
          .post(`/api/applications/${w.draftId}/attachments`)
          .set(auth(w.applicant))
          .set('content-type', `multipart/form-data; boundary=${BOUNDARY}`)
          .timeout(ANSWER_WITHIN_MS)
          .send(multipart(disposition));
        tally.faults++;
        const seen = (statuses['multipart upload'] ??= {});
        seen[res.status] = (seen[res.status] ?? 0) + 1;
        if (res.status >= 500)
          throw new Error(`${res.status} for ${JSON.stringify(disposition.slice(0, 200))}: ${JSON.stringify(res.body)}`);
        // eslint-disable-next-line no-control-regex -- what the API must never store in a name
        if (res.status < 300) expect(res.body.filename).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        await check([{ status: res.status, what: `${res.status} upload ${disposition.slice(0, 200)}` }]);
      }),
      { numRuns: runs, endOnFailure: true },
    );
  }, 600000);

  it('covers every write endpoint the suite knows of', () => {
    expect(targets(w).map((t) => t.name)).toEqual(names);
  });
});
