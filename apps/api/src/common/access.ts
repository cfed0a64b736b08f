import type { AuthUser } from './auth/auth-user';

/** The code prefix a region covers: a province its two digits, a city its four, a county itself. */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** Bureau staff act within their region; admins and staff without a region see everything. */
export function staffRegionFilter(user: AuthUser): { startsWith: string } | undefined {
  if (user.role === 'ADMIN' || !user.regionCode) return undefined;
  return { startsWith: regionPrefix(user.regionCode) };
}

export function inStaffRegion(user: AuthUser, regionCode: string): boolean {
  const filter = staffRegionFilter(user);
  return !filter || regionCode.startsWith(filter.startsWith);
}
