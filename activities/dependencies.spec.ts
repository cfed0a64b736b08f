import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The dependency direction of activities/ (see the house style): they take from workflows/ only
 * what both sides share — contracts.ts, messages.ts and the pure rules — never a workflow module,
 * and nothing from apps/; and their own modules import each other without circles.
 */
const root = resolve(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The repository-relative module each relative import of `file` names (without extension). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+'([^']+)'/g),
    ...text.matchAll(/(?:^|\n)\s*import\s+'([^']+)'/g),
  ].map((m) => m[1]);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => {
      const target = resolve(dirname(file), s);
      const module = existsSync(join(target, 'index.ts')) ? join(target, 'index') : target;
      return relative(root, module).replace(/\.ts$/, '');
    });
}

const files = sources(join(root, 'activities'));
const graph = new Map(files.map((f) => [relative(root, f).replace(/\.ts$/, ''), importsOf(f)]));

describe('activities/', () => {
  it('takes from workflows/ only the contracts, the messages and the rules, and nothing from apps/', () => {
    const allowed = /^workflows\/(contracts|messages|rules(\/[\w-]+)?)$/;
    const stray = [...graph].flatMap(([from, targets]) =>
      targets.filter((t) => (t.startsWith('workflows/') && !allowed.test(t)) || t.startsWith('apps/')).map((t) => `${from} → ${t}`),
    );
    expect(graph.size).toBeGreaterThan(15);
    expect(stray).toEqual([]);
  });

  it('has no import circles among its own modules', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (node: string, path: string[]) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        circles.push([...path.slice(path.indexOf(node)), node].join(' → '));
        return;
      }
      state.set(node, 'open');
      for (const next of graph.get(node) ?? []) if (graph.has(next)) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(circles).toEqual([]);
  });
});
