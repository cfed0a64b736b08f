import { RequestMethod } from '@nestjs/common';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { auth, TestUser } from '../support/factories';
import { pdfFile } from '../support/files';
import { portalControllers, RouteInfo, routeTable } from '../support/routes';
import { Entry, MATRIX } from './matrix';
import { buildMatrixWorld, MatrixWorld, resolvePath, Role, ROLES } from './matrix-world';
import { newTally, writeTally } from './tally';

/**
 * Issue 6, part 4: every API route × every role (and nobody signed in) × a caller who owns the
 * resource and one who does not, against the matrix in matrix.ts, generated from the app's own
 * route table so that a new endpoint cannot escape it.
 *
 * How an answer is read. In this API the guard answers 401 (nobody signed in) and 403 (role not
 * allowed), and the services answer 404 for a resource the caller may not see (or 403 for a
 * decision that is not theirs, e.g. not the assigned evaluator); every path parameter here
 * names a real resource. So 401, 403 and 404 mean "refused", and any other answer below 500 —
 * 2xx, 400 for a body, 409 for a stage (the project is terminated on purpose, so decisions that
 * pass every check still change nothing) — means the request got past authorization.
 *
 * Pages of the server-rendered portal (@WebSession controllers, outside /api) sign in with a
 * cookie and a CSRF token rather than a bearer token: portal-authorization.faults.ts holds them
 * to their own matrix, so this file takes the API routes only.
 */
const ENV = { PSP_NOTICE_PERIOD_MS: '1500', PSP_TERM_MS: '7200000', PSP_REMINDER_LEAD_MS: '1' };
const REFUSED = [401, 403, 404];
const PDF = pdfFile('report evidence');

interface Caller {
  label: string;
  role?: Role;
  user?: TestUser;
  foreign?: boolean;
}

const keyOf = (r: RouteInfo) => `${RequestMethod[r.method]} ${r.path}`;

/** What the matrix says this caller must get: one of these statuses, or any non-refusal. */
function expectation(entry: Entry, c: Caller): { refused: boolean; statuses?: number[] } {
  if (entry.roles === 'public') return { refused: false };
  if (!c.role) return { refused: true, statuses: [401] };
  if (!entry.roles.includes(c.role)) return { refused: true, statuses: [403] };
  if ((entry.owned && c.foreign) || entry.refusedKind?.includes(c.role)) return { refused: true, statuses: [403, 404] };
  return { refused: false };
}

describe('authorization matrix', () => {
  let p: TestPlatform;
  let w: MatrixWorld;
  let api: RouteInfo[];
  const tally = newTally();

  beforeAll(async () => {
    Object.assign(process.env, ENV);
    p = await startPlatform();
    w = await buildMatrixWorld(p);
    const web = portalControllers(p.app);
    const routes = routeTable(p.app);
    api = routes.filter((r) => !web.has(r.controller));
    tally.notes!.push(
      `${api.length} API routes; ${routes.length - api.length} portal routes of ${web.size} @WebSession controllers left to portal-authorization.faults.ts`,
    );
  }, 180000);
  afterAll(async () => {
    await shutDown(p);
    for (const k of Object.keys(ENV)) delete process.env[k];
    writeTally(__filename, tally);
  });

  it('has a matrix entry for every API route, and no entry without a route', () => {
    const keys = new Set(api.map(keyOf));
    expect({
      missing: [...keys].filter((k) => !MATRIX[k]).sort(),
      stale: Object.keys(MATRIX)
        .filter((k) => !keys.has(k))
        .sort(),
    }).toEqual({ missing: [], stale: [] });
  });

  it('refuses and admits every role, own and foreign, exactly as the matrix says', async () => {
    const callers: Caller[] = [
      { label: 'anonymous' },
      ...ROLES.flatMap((role): Caller[] => [
        { label: `${role} (own)`, role, user: w.own[role] },
        ...(w.foreign[role] ? [{ label: `${role} (foreign)`, role, user: w.foreign[role], foreign: true }] : []),
      ]),
    ];
    const failures: string[] = [];
    let cases = 0;
    // Signing out ends the caller's session: that route goes last.
    const routes = [...api].sort((a, b) => Number(!!MATRIX[keyOf(a)]?.last) - Number(!!MATRIX[keyOf(b)]?.last));
    for (const route of routes) {
      const entry = MATRIX[keyOf(route)];
      if (!entry) continue;
      for (const c of callers) {
        // The resource belongs to the own caller of the role (their notification, say); the foreign caller reaches for it.
        const path = `/api${resolvePath(route.path, w, c.role ? w.own[c.role] : undefined, entry.id?.(w))}`;
        if (keyOf(route) === 'DELETE /calendar/:date')
          await p.prisma.calendarDay.upsert({
            where: { date: new Date('2099-12-31') },
            create: { date: new Date('2099-12-31'), working: false, name: '矩阵测试假日' },
            update: {},
          });
        const method = RequestMethod[route.method].toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
        let req = p.http[method](path);
        if (c.user) req = req.set(auth(c.user));
        const fields = Object.entries(entry.body?.(w, c.role) ?? { kind: 'REPORT_EVIDENCE' });
        const res = entry.multipart
          ? await fields
              .reduce((r, [k, v]) => r.field(k, String(v)), req)
              .attach('file', PDF, { filename: '佐证.pdf', contentType: 'application/pdf' })
          : await req.send(entry.body?.(w, c.role) ?? {});
        cases++;
        const want = expectation(entry, c);
        const refused = REFUSED.includes(res.status);
        const detail = `${keyOf(route)} as ${c.label}: ${res.status} ${JSON.stringify(res.body?.code ?? '')} ${String(res.body?.message ?? '').slice(0, 80)}`;
        if (res.status >= 500) failures.push(`${detail} (server error)`);
        else if (want.refused && !(want.statuses ?? REFUSED).includes(res.status))
          failures.push(`${detail} (expected ${want.statuses!.join('/')})`);
        else if (!want.refused && refused) failures.push(`${detail} (expected to pass authorization)`);
      }
    }
    tally.notes!.push(`${cases} cases (${api.length} routes × ${callers.length} callers), ${failures.length} disagreements`);
    expect(failures).toEqual([]);
  }, 300000);
});
