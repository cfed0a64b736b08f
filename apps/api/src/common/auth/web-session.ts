import { SetMetadata } from '@nestjs/common';

/**
 * The server-rendered portal signs people in with a cookie, the JSON API with a bearer token.
 * The two never stand in for each other: a route marked @WebSession reads only the cookie (and is
 * CSRF-protected by the portal), every other route reads only the Authorization header, so the
 * API stays immune to cross-site requests that carry cookies.
 */
export const WEB_SESSION_KEY = 'psp:web-session';

/** Marks a controller of the server-rendered portal: authenticated by the session cookie. */
export const WebSession = () => SetMetadata(WEB_SESSION_KEY, true);

export const SESSION_COOKIE = 'psp_session';

/** `typ` claim of a session token, so that a session cookie's value is refused as a bearer token. */
export const SESSION_TOKEN_TYPE = 'web-session';
