import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Semaphore } from 'async-mutex';
import * as bcrypt from 'bcryptjs';

/**
 * Password hashes: scrypt from node:crypto, whose async form runs in libuv's thread pool, so a
 * login flood never blocks the event loop (bcryptjs is pure JavaScript and did). The parameters
 * are OWASP's "N=2^14, r=8, p=5" and are stored in each hash, so they can be raised later and old
 * hashes still verify. Hashes written before (bcrypt, `$2…`) are verified once more with bcryptjs
 * and replaced at the next successful sign-in (`needsRehash`).
 */
const PARAMS = { N: 2 ** 14, r: 8, p: 5 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
const PREFIX = 'scrypt';

/**
 * How many hashes may run at once in this process; unlimited until the API sets it. A hash keeps
 * a core busy for a quarter of a second, and libuv's pool runs four at once: a login flood would
 * take every core of a small server from the reads people are waiting on. The API allows one
 * fewer than the cores (at least one), so a flood's sign-ins queue for their turn and one core
 * stays free for everything else (`PSP_PASSWORD_HASH_CONCURRENCY`).
 */
let turns: Semaphore | undefined;

export function limitPasswordHashing(concurrent: number): void {
  turns = new Semaphore(concurrent);
}

function scrypt(plain: string, salt: Buffer, keyLength: number, opts: ScryptOptions): Promise<Buffer> {
  // 128·N·r bytes plus headroom: Node's default maxmem (32 MiB) is below some stored parameters.
  const maxmem = 256 * (opts.N ?? 0) * (opts.r ?? 0) + 1024 * 1024;
  const run = () =>
    new Promise<Buffer>((resolve, reject) =>
      scryptCallback(plain.normalize('NFC'), salt, keyLength, { ...opts, maxmem }, (e, key) => (e ? reject(e) : resolve(key))),
    );
  return turns ? turns.runExclusive(run) : run();
}

/** `scrypt$N$r$p$salt$key` (salt and key in base64). */
export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(plain, salt, KEY_LENGTH, PARAMS);
  return [PREFIX, PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export interface PasswordCheck {
  ok: boolean;
  /** The hash is of an older kind or weaker parameters: store a fresh one now that the password is known. */
  needsRehash: boolean;
}

export async function verifyPassword(plain: string, stored: string): Promise<PasswordCheck> {
  if (stored.startsWith('$2')) return { ok: await bcrypt.compare(plain, stored), needsRehash: true };
  const [prefix, n, r, p, salt, key] = stored.split('$');
  if (prefix !== PREFIX || !key) return { ok: false, needsRehash: false };
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(plain, Buffer.from(salt, 'base64'), expected.length, params);
  const weaker = params.N < PARAMS.N || params.r < PARAMS.r || params.p < PARAMS.p;
  return { ok: timingSafeEqual(actual, expected), needsRehash: weaker };
}

let dummy: Promise<string> | undefined;

/** A hash of the current kind to verify against when the username is unknown, so both answers cost the same. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}
