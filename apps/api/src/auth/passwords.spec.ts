import * as bcrypt from 'bcryptjs';
import { hashPassword, verifyPassword } from './passwords';

describe('password hashes', () => {
  it('writes scrypt hashes with their parameters and a fresh salt each time', async () => {
    const [a, b] = await Promise.all([hashPassword('Sunny-Meadow-41'), hashPassword('Sunny-Meadow-41')]);
    expect(a).toMatch(/^scrypt\$16384\$8\$5\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Sunny-Meadow-41', a)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword('Sunny-Meadow-42', a)).toEqual({ ok: false, needsRehash: false });
  });

  it('still verifies an old bcrypt hash and asks for it to be replaced', async () => {
    const old = bcrypt.hashSync('Sunny-Meadow-41', 4);
    expect(await verifyPassword('Sunny-Meadow-41', old)).toEqual({ ok: true, needsRehash: true });
    expect((await verifyPassword('wrong-password', old)).ok).toBe(false);
  });

  it('refuses a hash of no known kind', async () => {
    expect((await verifyPassword('x', 'md5$abc')).ok).toBe(false);
  });
});
