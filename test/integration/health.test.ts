import { startPlatform, TestPlatform } from '../support/app';

describe('health and API documents', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startPlatform({ worker: false });
  });
  afterAll(() => p.close());

  it('reports database and Temporal reachability, and no stuck workflow, without a token', async () => {
    const res = await p.http.get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.database.status).toBe('up');
    expect(res.body.info.temporal.status).toBe('up');
    // No decision has gone unanswered: no workflow to report.
    expect(res.body.info.workflows).toEqual({ status: 'up', thresholdMs: 30000, stuck: [] });
  });

  it('serves the OpenAPI document naming the bearer scheme and the routes', async () => {
    const res = await p.http.get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/rounds', '/api/organizations/{id}', '/api/auth/login', '/api/health']),
    );
    expect(res.body.components.securitySchemes.bearer).toBeDefined();
  });
});
