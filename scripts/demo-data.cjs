// Whether `npm start` seeds the demo data (an account per role, with one shared password, a few
// organizations and an open round): not with --no-demo, DEMO_DATA=0 or NODE_ENV=production. Then
// the seed makes only the first admin (dist/prisma/seed.js --first-admin), with a one-time password.
// CommonJS so that Jest can require it (test/integration/secrets.test.ts).
function withDemoData(argv = process.argv, env = process.env) {
  return !argv.includes('--no-demo') && env.DEMO_DATA !== '0' && env.NODE_ENV !== 'production';
}

exports.withDemoData = withDemoData;
