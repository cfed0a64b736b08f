import { RequestMethod } from '@nestjs/common';
import request from 'supertest';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { portalControllers, RouteInfo, routeTable } from '../support/routes';
import { buildMatrixWorld, MatrixWorld, resolvePath, Role, ROLES } from './matrix-world';
import { PORTAL_MATRIX, PortalEntry } from './portal-matrix';
import { newTally, writeTally } from './tally';
import type { TestUser } from '../support/factories';

/**
 * Issue 6, part 4, for the server-rendered portal: every page and form of every @WebSession
 * controller × every role (and nobody signed in) × a caller who owns the resource and one who
 * does not, against portal-matrix.ts, generated from the app's own route table. Each caller signs
 * in through the login form, as a person would, and posts forms with its own CSRF token.
 *
 * How an answer is read. Nobody signed in → a 303 to the login page; a role the route does not
 * name → the 403 page; a resource that is not the caller's → the 404 (or 403) page. Anything else
 * below 500 (the page, a 400 form shown again with its errors, a 409 refusal naming the stage, a
 * 303 elsewhere) means the caller got past authorization.
 */
const ENV = { PSP_NOTICE_PERIOD_MS: '1500', PSP_TERM_MS: '7200000', PSP_REMINDER_LEAD_MS: '1' };

type Agent = ReturnType<typeof request.agent>;
interface Caller {
  label: string;
  role?: Role;
  user?: TestUser;
  foreign?: boolean;
  agent: Agent;
  csrf: string;
}

const keyOf = (r: RouteInfo) => `${RequestMethod[r.method]} ${r.path}`;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/** The portal's own path parameters, then the API matrix's fixtures for the rest. */
function portalPath(path: string, w: MatrixWorld, owner: TestUser | undefined): string {
  const own = path
    .replace(':projectId', w.project)
    .replace(':kind', 'midterm')
    .replace(':lang', 'zh-CN')
    .replace(/^\/my\/organizations\/:id/, `/my/organizations/${w.orgA}`)
    .replace(/^\/reviewer\/organizations\/:id/, `/reviewer/organizations/${w.orgA}`)
    .replace(/^\/reviewer\/organization-disputes\/:id/, `/reviewer/organization-disputes/${w.disputeId}`)
    .replace(
      /^\/(my\/applications|reviewer\/eligibility|reviewer\/agreements|reviewer\/projects|evaluator\/projects|manage\/projects)\/:id/,
      `/$1/${w.project}`,
    )
    .replace(/^\/reviewer\/objections\/:id/, `/reviewer/objections/${w.objectionId}`)
    .replace(/^\/reviewer\/credit\/:id/, `/reviewer/credit/${w.creditChangeId}`)
    .replace(/^\/manage\/rounds\/:id/, `/manage/rounds/${w.roundId}`);
  return resolvePath(own, w, owner);
}

/** A signed-in session through the login form, with the CSRF token of its forms. */
async function signIn(p: TestPlatform, user: TestUser): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(p.app.getHttpServer());
  const login = await agent.get('/login').expect(200);
  await agent
    .post('/login')
    .type('form')
    .send({ username: user.username, password: 'Test@12345', next: '/workspace', _csrf: csrfOf(login.text) })
    .expect(303)
    .expect('Location', '/workspace');
  const csrf = csrfOf((await agent.get('/workspace').expect(200)).text);
  if (!csrf) throw new Error(`no CSRF token on ${user.username}'s workspace`);
  return { agent, csrf };
}

function expectation(entry: PortalEntry, c: Caller): 'login' | 'forbidden' | 'not-theirs' | 'through' {
  if (entry.roles === 'public') return 'through';
  if (!c.role) return 'login';
  if (!entry.roles.includes(c.role)) return 'forbidden';
  if ((entry.owned && c.foreign) || entry.refusedKind?.includes(c.role)) return 'not-theirs';
  return 'through';
}

describe('authorization matrix of the portal', () => {
  let p: TestPlatform;
  let w: MatrixWorld;
  let portal: RouteInfo[];
  const tally = newTally();

  beforeAll(async () => {
    Object.assign(process.env, ENV);
    p = await startPlatform();
    w = await buildMatrixWorld(p);
    const web = portalControllers(p.app);
    portal = routeTable(p.app).filter((r) => web.has(r.controller));
    tally.notes!.push(`${portal.length} portal routes of ${web.size} @WebSession controllers`);
  }, 180000);
  afterAll(async () => {
    await shutDown(p);
    for (const k of Object.keys(ENV)) delete process.env[k];
    writeTally(__filename, tally);
  });

  it('has a matrix entry for every portal route, and no entry without a route', () => {
    const keys = new Set(portal.map(keyOf));
    expect(keys.size).toBeGreaterThan(80);
    expect({
      missing: [...keys].filter((k) => !PORTAL_MATRIX[k]).sort(),
      stale: Object.keys(PORTAL_MATRIX)
        .filter((k) => !keys.has(k))
        .sort(),
    }).toEqual({ missing: [], stale: [] });
  });

  it('refuses and admits every role, own and foreign, exactly as the matrix says', async () => {
    const anonymous = request.agent(p.app.getHttpServer());
    const anonymousCsrf = csrfOf((await anonymous.get('/login').expect(200)).text)!;
    const callers: Caller[] = [{ label: 'anonymous', agent: anonymous, csrf: anonymousCsrf }];
    for (const role of ROLES) {
      callers.push({ label: `${role} (own)`, role, user: w.own[role], ...(await signIn(p, w.own[role])) });
      const foreign = w.foreign[role];
      if (foreign) callers.push({ label: `${role} (foreign)`, role, user: foreign, foreign: true, ...(await signIn(p, foreign)) });
    }
    // Signing out ends the caller's session: that route goes last.
    const routes = [...portal].sort((a, b) => Number(!!PORTAL_MATRIX[keyOf(a)]?.last) - Number(!!PORTAL_MATRIX[keyOf(b)]?.last));
    const failures: string[] = [];
    let cases = 0;
    for (const route of routes) {
      const entry = PORTAL_MATRIX[keyOf(route)];
      if (!entry) continue;
      for (const c of callers) {
        const path = portalPath(route.path, w, c.role ? w.own[c.role] : undefined);
        const names = entry.names?.(w) ?? {};
        const res =
          route.method === RequestMethod.GET
            ? await c.agent.get(path).query(names).redirects(0)
            : await c.agent
                .post(path)
                .type('form')
                .send({ ...names, _csrf: c.csrf })
                .redirects(0);
        cases++;
        const location = String(res.headers.location ?? '');
        const toLogin = res.status === 303 && location.startsWith('/login');
        const detail = `${keyOf(route)} as ${c.label}: ${res.status}${location ? ` → ${location}` : ''}`;
        const want = expectation(entry, c);
        if (res.status >= 500) failures.push(`${detail} (server error)`);
        else if (want === 'login' && !toLogin) failures.push(`${detail} (expected a 303 to the login page)`);
        else if (want === 'forbidden' && res.status !== 403) failures.push(`${detail} (expected 403)`);
        else if (want === 'not-theirs' && ![403, 404].includes(res.status)) failures.push(`${detail} (expected 404/403)`);
        else if (want === 'through' && (toLogin || [401, 403, 404].includes(res.status)))
          failures.push(`${detail} (expected to pass authorization)`);
      }
    }
    tally.notes!.push(`${cases} portal cases (${portal.length} routes × ${callers.length} callers), ${failures.length} disagreements`);
    expect(failures).toEqual([]);
  }, 300000);
});
