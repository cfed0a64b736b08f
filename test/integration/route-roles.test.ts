import { RequestMethod } from '@nestjs/common';
import { startPlatform, TestPlatform } from '../support/app';
import { routeTable } from '../support/routes';

describe('route table', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startPlatform({ worker: false });
  });
  afterAll(() => p.close());

  it('has every endpoint either name the roles that may call it or be explicitly public', () => {
    const routes = routeTable(p.app);
    expect(routes.length).toBeGreaterThan(40);
    const undeclared = routes.filter((r) => !r.isPublic && (!r.roles || r.roles.length === 0));
    expect(undeclared.map((r) => `${r.controller}.${r.handler}`)).toEqual([]);
  });

  it('leaves the national calendar to the administrator and the dishonesty list to reviewers, in two steps', () => {
    const roles = (method: string, path: string) =>
      routeTable(p.app).find((r) => RequestMethod[r.method] === method && r.path === path)?.roles;
    expect(roles('PUT', '/calendar/:date')).toEqual(['ADMIN']);
    expect(roles('DELETE', '/calendar/:date')).toEqual(['ADMIN']);
    expect(roles('POST', '/organizations/:id/credit-changes')).toEqual(['REVIEWER']);
    expect(roles('POST', '/organizations/:id/credit-changes/:changeId/decision')).toEqual(['REVIEWER']);
    // The one-step route that let one reviewer list and clear alone is gone.
    expect(routeTable(p.app).filter((r) => r.path.endsWith('/credit-status'))).toEqual([]);
  });

  it('keeps the public surface to reading notices, results, rounds and the calendar, health, signing in, accounts, document verification and the language switch', () => {
    const publicRoutes = routeTable(p.app)
      .filter((r) => r.isPublic)
      .map((r) => r.path)
      .sort();
    expect(publicRoutes).toEqual([
      // the portal's public pages (GET and POST /login both public)
      '/',
      '/auth/login',
      // 自助注册 and 忘记密码 (API), counted against the sign-in limits
      '/auth/password/forgot',
      '/auth/password/reset',
      '/auth/register',
      '/auth/register/verify',
      '/calendar',
      '/health',
      // what an invitation link is for, before its holder signs in or registers
      '/invitations/lookup',
      '/join',
      '/lang/:lang',
      '/login',
      '/login',
      '/notices',
      '/notices/:roundId',
      '/notices/:roundId/objections',
      '/notices/:roundId/objections/:id/confirm',
      // an objection's filer looks up its status with the receipt and the contact (GET and POST)
      '/objections/status',
      '/objections/status',
      '/password/forgot',
      '/password/forgot',
      '/password/reset',
      '/password/reset',
      '/projects/:id/result',
      '/public/documents/:id',
      // a public notice's PDF, as its HTML above
      '/public/documents/:id/pdf',
      '/public/notices',
      '/public/notices/:roundId',
      '/public/notices/:roundId/objections',
      '/public/objections/:id/confirm',
      '/public/projects/:id',
      // 文书真伪核验 (API): a typed digest (GET) or an uploaded file (POST), counted per address (verify limit)
      '/public/verify',
      '/public/verify',
      '/register',
      '/register',
      '/register/verify',
      '/register/verify',
      // a published round's 申报指南, and a file of its call (申报指南附件)
      '/rounds/:id/guidelines',
      '/rounds/:id/guidelines/files/:fileId',
      // the portal's 文书真伪核验 page (GET: typed digest, POST: uploaded file), counted per address (verify limit)
      '/verify',
      '/verify',
    ]);
  });
});
