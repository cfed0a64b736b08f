import { regionPrefix } from '@workflows/rules/region';
import type { AuthUser } from './auth/auth-user';

/** Bureau staff act within their region; admins and staff without a region see everything. */
export function staffRegionFilter(user: AuthUser): { startsWith: string } | undefined {
  if (user.role === 'ADMIN' || !user.regionCode) return undefined;
  return { startsWith: regionPrefix(user.regionCode) };
}

export function inStaffRegion(user: AuthUser, regionCode: string): boolean {
  const filter = staffRegionFilter(user);
  return !filter || regionCode.startsWith(filter.startsWith);
}
