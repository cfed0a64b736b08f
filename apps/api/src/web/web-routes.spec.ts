import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { controllersOf } from '@test/support/routes';
import { AppModule } from '../app.module';
import { routesOf, WEB_CONTROLLERS, webRoutes } from './web-routes';

// Nest matches a prefix exclusion against a route's path pattern, so parameter names do not count.
const key = (r: { path: string; method: RequestMethod }) => `${RequestMethod[r.method]} ${r.path.replace(/:\w+/g, ':')}`;

describe('web routes', () => {
  it('are the portal pages, outside /api, each path and method once', () => {
    const keys = webRoutes().map(key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /',
        'GET /lang/:',
        'GET /login',
        'GET /notices',
        'GET /notices/:',
        'GET /projects/:/result',
        'GET /workspace',
        'POST /login',
        'POST /logout',
        'POST /notices/:/objections',
      ]),
    );
    expect(keys.filter((k) => / \/api(\/|$)/.test(k))).toEqual([]);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('share no path and method with an API route, which the exclusion would move out of /api', () => {
    const api = controllersOf(AppModule).filter((c) => !WEB_CONTROLLERS.includes(c));
    expect(api.length).toBeGreaterThan(10);
    const apiKeys = new Set(api.flatMap(routesOf).map(key));
    expect(
      webRoutes()
        .map(key)
        .filter((k) => apiKeys.has(k)),
    ).toEqual([]);
  });
});
