import { createHash } from 'node:crypto';

/**
 * The `kid` a token names in its header: a short hash of the signing key (never the key). A token
 * whose `kid` is not the current key's was signed before the key was rotated, and is refused.
 */
export function keyId(secret: string): string {
  return createHash('sha256').update('psp-jwt-kid').update(secret).digest('base64url').slice(0, 16);
}
