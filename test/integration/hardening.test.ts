import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import request from 'supertest';
import { PageQuery } from '../../apps/api/src/common/pagination';
import { startPlatform, TestPlatform } from '../support/app';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { portalControllers, routeTable } from '../support/routes';
import type { Role } from '@generated/prisma/enums';

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
const BOUNDARY = 'psp-test-boundary';
const PDF = '%PDF-1.4\n%\n';
/** A multipart body written by hand, so that the file part's Content-Disposition is exactly `disposition`. */
function multipart(disposition: string, fields: Record<string, string>): Buffer {
  const parts = Object.entries(fields).map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  const file = `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/pdf\r\n\r\n${PDF}\r\n--${BOUNDARY}--\r\n`;
  return Buffer.from(parts.join('') + file, 'utf8');
}
const deepJson = (levels: number) => `{"username":"x","password":"y","extra":${'['.repeat(levels)}${']'.repeat(levels)}}`;

/**
 * Every API list endpoint that pages: a GET whose query DTO is a PageQuery, read from Nest's own
 * metadata (so a list added later is tried too), with the first role that may read it.
 */
function pagedLists(p: TestPlatform): { path: string; role: Role }[] {
  const portal = portalControllers(p.app);
  return routeTable(p.app)
    .filter((r) => RequestMethod[r.method] === 'GET' && !portal.has(r.controller))
    .filter((r) => r.paramTypes.some((t) => typeof t === 'function' && t.prototype instanceof PageQuery))
    .map((r) => ({
      path: `/api${r.path.replace(/:\w+/g, randomUUID())}`,
      role: (r.roles?.includes('ADMIN') ? 'ADMIN' : r.roles![0]) as Role,
    }));
}

describe('bad input is a 400 naming the field', () => {
  let p: TestPlatform;
  let admin: TestUser;
  let expert: TestUser;

  beforeAll(async () => {
    p = await startPlatform({ worker: false });
    [admin, expert] = await Promise.all([makeUser(p, 'ADMIN'), makeUser(p, 'EXPERT')]);
  });
  afterAll(() => p.close());

  it('finds the paged lists in the route table, the later ones among them', () => {
    expect(pagedLists(p).map((l) => l.path)).toEqual(
      expect.arrayContaining([
        '/api/users',
        '/api/assignments',
        '/api/finance/ledger.xlsx',
        '/api/mail/failed',
        '/api/organization-disputes',
      ]),
    );
  });

  it.each(['1e300', '1e21', '99999999999999999999'])('refuses page=%s on every list endpoint, naming page', async (page) => {
    const users = new Map<Role, TestUser>([
      ['ADMIN', admin],
      ['EXPERT', expert],
    ]);
    for (const { path, role } of pagedLists(p)) {
      if (!users.has(role)) users.set(role, await makeUser(p, role));
      const res = await p.http.get(`${path}?page=${page}`).set(auth(users.get(role)!));
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'page', rule: 'max' })]));
    }
  });

  it('refuses JSON nested 2,000 levels deep on public and signed-in endpoints before validation walks it', async () => {
    const targets = [
      p.http.post('/api/auth/login'),
      p.http.post(`/api/public/notices/${randomUUID()}/objections`),
      p.http.post('/login'),
      p.http.post('/api/applications').set(auth(admin)),
    ];
    for (const req of targets) {
      const res = await req.set('content-type', 'application/json').send(deepJson(2000));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body', rule: 'maxDepth' })]);
    }
    // Ordinary nesting still passes the check (and is judged by the DTO as before).
    await p.http.post('/api/auth/login').send({ username: 'nobody', password: 'x' }).expect(401);
  });

  it('refuses a NUL in an uploaded file name with 400 naming the field, on the portal and the API', async () => {
    const [manager, applicant] = await Promise.all([makeUser(p, 'PROGRAM_MANAGER'), makeUser(p, 'APPLICANT')]);
    const orgId = (await makeOrganization(p.prisma, applicant.id)).id;
    const later = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const round = await p.http
      .post('/api/rounds')
      .set(auth(manager))
      .send(roundPayload({ opensAt: later(1), closesAt: later(2) }))
      .expect(201);
    await p.http.post(`/api/rounds/${round.body.id}/publish`).set(auth(manager)).expect(200);
    const draft = await p.http
      .post('/api/applications')
      .set(auth(applicant))
      .send(applicationPayload(round.body.id, orgId, '100000.00'));
    expect(draft.status).toBe(201);
    const id = draft.body.id as string;

    const agent = request.agent(p.app.getHttpServer());
    const login = await agent.get('/login').expect(200);
    await agent
      .post('/login')
      .type('form')
      .send({ username: applicant.username, password: 'Test@12345', next: '/workspace', _csrf: csrfOf(login.text) })
      .expect(303);
    const csrf = csrfOf((await agent.get(`/my/applications/${id}/edit`).expect(200)).text)!;
    const portal = (disposition: string) =>
      agent
        .post(`/my/applications/${id}/attachments`)
        .set('content-type', `multipart/form-data; boundary=${BOUNDARY}`)
        .send(multipart(disposition, { _csrf: csrf, kind: 'IMPLEMENTATION_PLAN' }));
    const api = (disposition: string) =>
      p.http
        .post(`/api/applications/${id}/attachments`)
        .set(auth(applicant))
        .set('content-type', `multipart/form-data; boundary=${BOUNDARY}`)
        .send(multipart(disposition, { kind: 'IMPLEMENTATION_PLAN' }));
    // Percent-encoded (RFC 5987) names reach the application decoded; a raw NUL breaks the part header itself.
    // (Other control characters are cut from names, not refused: uploads.test.ts.)
    for (const name of ['plan%00.pdf', 'invoice.exe%00.pdf', '%00']) {
      const encoded = `form-data; name="file"; filename*=UTF-8''${name}`;
      expect({ name, status: (await portal(encoded)).status }).toEqual({ name, status: 400 });
      const res = await api(encoded);
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
      expect(res.body.errors[0]).toMatchObject({ field: 'file', rule: 'fileName' });
    }
    const raw = 'form-data; name="file"; filename="plan\u0000.pdf"';
    expect((await portal(raw)).status).toBe(400);
    expect((await api(raw)).status).toBe(400);
    expect(await p.prisma.attachment.count({ where: { applicationId: id } })).toBe(0);
    // A proper name still goes through on the portal.
    const ok = await agent
      .post(`/my/applications/${id}/attachments`)
      .field('_csrf', csrf)
      .field('kind', 'IMPLEMENTATION_PLAN')
      .attach('file', Buffer.from(PDF), { filename: '实施方案.pdf', contentType: 'application/pdf' });
    expect(ok.status).toBe(303);
  });
});

describe('security headers and API docs', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startPlatform({ worker: false });
  });
  afterAll(() => p.close());

  it('sends a CSP without inline code, frame-ancestors none, nosniff and a referrer policy, and no X-Powered-By', async () => {
    for (const path of ['/', '/login', '/api/health', '/api/no-such-route', '/assets/web.js']) {
      const res = await p.http.get(path);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('serves Swagger UI outside production', async () => {
    await p.http.get('/api/docs-json').expect(200);
    await p.http.get('/api/docs/').expect(200);
  });
});

describe('API docs in production', () => {
  const saved = { NODE_ENV: process.env.NODE_ENV, API_DOCS: process.env.API_DOCS };
  afterEach(() => Object.assign(process.env, saved));

  it('keeps Swagger UI and the OpenAPI JSON off with NODE_ENV=production unless API_DOCS=on', async () => {
    process.env.NODE_ENV = 'production';
    const off = await startPlatform({ worker: false });
    try {
      await off.http.get('/api/docs/').expect(404);
      await off.http.get('/api/docs-json').expect(404);
    } finally {
      await off.close();
    }
    process.env.API_DOCS = 'on';
    const on = await startPlatform({ worker: false });
    try {
      await on.http.get('/api/docs-json').expect(200);
    } finally {
      await on.close();
    }
  });
});
