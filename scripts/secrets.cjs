// The platform's secrets for `npm start`: JWT_SECRET signs session tokens, CSRF_SECRET keys the
// portal's form tokens. Neither has a built-in value. Taken from the environment when set;
// otherwise made at random on the first start and kept in <data>/secrets.json, readable by the
// owner only, so that sessions survive a restart. In production nothing is made up: both must be
// set by the deployment. Deleting the file (or changing a variable) rotates the key and ends
// every session. CommonJS so that Jest can require it (test/integration/secrets.test.ts).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const NAMES = ['JWT_SECRET', 'CSRF_SECRET'];

function ensureSecrets(dataDir, env = process.env) {
  const missing = NAMES.filter((n) => !env[n]);
  if (missing.length === 0) return { source: 'environment', values: Object.fromEntries(NAMES.map((n) => [n, env[n]])) };
  if (env.NODE_ENV === 'production') {
    throw new Error(`${missing.join(' and ')} must be set in production (${missing.join('、')} 未设置，生产环境不能自动生成密钥)`);
  }
  const file = path.join(dataDir, 'secrets.json');
  let stored = {};
  if (fs.existsSync(file)) {
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077)
      throw new Error(`${file} is readable by others (mode ${mode.toString(8)}): chmod 600 it or delete it to make new secrets`);
    stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  }
  let changed = false;
  for (const n of NAMES) {
    if (typeof stored[n] !== 'string' || stored[n].length < 32) {
      stored[n] = crypto.randomBytes(48).toString('base64url');
      changed = true;
    }
  }
  if (changed) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // Written to a new file created with mode 0600, then renamed: never world-readable, even for a moment.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
  }
  const values = Object.fromEntries(NAMES.map((n) => [n, env[n] || stored[n]]));
  return { source: changed ? 'created' : 'file', file, values };
}

module.exports = { ensureSecrets, SECRET_NAMES: NAMES };
