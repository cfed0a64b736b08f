#!/usr/bin/env node
// Records the workflow histories that test/replay/replay.test.ts replays: runs a few integration
// tests whose shutDown(p) exports their executions (PSP_RECORD_HISTORIES), after clearing the old
// ones. Run it only once the executions recorded before are drained (see README, 安全修改工作流).
// Extra arguments replace the list of test files; --no-prepare skips the preparation step.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'test/replay/histories');
const args = process.argv.slice(2);
const prepare = !args.includes('--no-prepare');
const chosen = args.filter((a) => !a.startsWith('--'));
const tests =
  chosen.length > 0
    ? chosen
    : [
        'test/integration/application-to-agreement.test.ts',
        'test/integration/funding-to-closeout.test.ts',
        'test/integration/funding-exceptions.test.ts',
        'test/integration/project-changes.test.ts',
        'test/integration/round-window.test.ts',
        // documentPdfWorkflow (a document's PDF, issued on first request)
        'test/integration/document-pdfs.test.ts',
      ];
const say = (m) => console.log(`[histories] ${m}`);

if (prepare) {
  const r = spawnSync(process.execPath, ['scripts/prepare.mjs'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

fs.mkdirSync(dir, { recursive: true });
const old = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
for (const f of old) fs.rmSync(path.join(dir, f));
say(`cleared ${old.length} old histories; running ${tests.length} test files`);

const jest = spawnSync(process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), '--runInBand', ...tests], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PSP_RECORD_HISTORIES: dir },
});

const counts = {};
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const type = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).workflowType ?? f.split('--')[0];
  counts[type] = (counts[type] ?? 0) + 1;
}
const total = Object.values(counts).reduce((a, b) => a + b, 0);
for (const [type, n] of Object.entries(counts).sort()) say(`${type}: ${n}`);
say(`${total} histories written to ${path.relative(root, dir)}`);
if (jest.status !== 0) {
  console.error('[histories] some tests failed: do not commit histories from a failing run');
  process.exit(jest.status ?? 1);
}
