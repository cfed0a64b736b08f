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

  it('keeps the public surface to reading notices, results, the calendar, health, signing in and the language switch', () => {
    const publicRoutes = routeTable(p.app)
      .filter((r) => r.isPublic)
      .map((r) => r.path)
      .sort();
    expect(publicRoutes).toEqual([
      // the portal's public pages (GET and POST /login both public)
      '/',
      '/auth/login',
      '/calendar',
      '/health',
      '/lang/:lang',
      '/login',
      '/login',
      '/notices',
      '/notices/:roundId',
      '/notices/:roundId/objections',
      '/projects/:id/result',
      '/public/documents/:id',
      '/public/notices',
      '/public/notices/:roundId',
      '/public/notices/:roundId/objections',
      '/public/projects/:id',
    ]);
  });
});
