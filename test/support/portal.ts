import request from 'supertest';
import { TEST_PASSWORD, TestUser } from './factories';
import type { TestPlatform } from './app';

/** The CSRF token a portal page carries in its forms. */
export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/** A browser-like agent signed in through the portal's own form (with its session and CSRF token). */
export async function portalSignIn(p: TestPlatform, user: Pick<TestUser, 'username'>) {
  const agent = request.agent(p.app.getHttpServer());
  const login = await agent.get('/login').expect(200);
  await agent
    .post('/login')
    .type('form')
    .send({ username: user.username, password: TEST_PASSWORD, next: '/workspace', _csrf: csrfOf(login.text) })
    .expect(303);
  return agent;
}
