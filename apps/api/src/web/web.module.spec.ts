import { GLOBAL_MODULE_METADATA, MODULE_METADATA } from '@nestjs/common/constants';
import { AppModule } from '../app.module';
import { WebModule } from './web.module';
import type { DynamicModule, Provider, Type } from '@nestjs/common';

type ModuleRef = Type | DynamicModule;

const moduleClass = (m: ModuleRef): Type => ('module' in m ? m.module : m);
const tokenOf = (p: Provider): unknown => (typeof p === 'function' ? p : p.provide);
const nameOf = (t: unknown): string => (typeof t === 'function' ? t.name : String(t));

function metadata<T>(key: string, m: ModuleRef): T[] {
  const own = (Reflect.getMetadata(key, moduleClass(m)) ?? []) as T[];
  const dynamic = 'module' in m ? ((m as unknown as Record<string, T[] | undefined>)[key] ?? []) : [];
  return [...own, ...dynamic];
}

/** The modules AppModule imports besides the portal (ours only: classes, not forRoot() results), and what they import. */
function featureModules(): Type[] {
  const seen = new Set<Type>();
  const visit = (m: ModuleRef) => {
    if ('module' in m || m === WebModule || seen.has(m)) return;
    seen.add(m);
    metadata<ModuleRef>(MODULE_METADATA.IMPORTS, m).forEach(visit);
  };
  metadata<ModuleRef>(MODULE_METADATA.IMPORTS, AppModule).forEach(visit);
  return [...seen];
}

const webProviders = () => metadata<Provider>(MODULE_METADATA.PROVIDERS, WebModule).map(tokenOf);
const webImports = () => metadata<ModuleRef>(MODULE_METADATA.IMPORTS, WebModule).map(moduleClass);

describe('web module wiring', () => {
  it('provides no service a feature module already provides (it imports that module instead)', () => {
    const owners = new Map<unknown, string>();
    for (const m of featureModules()) {
      for (const p of metadata<Provider>(MODULE_METADATA.PROVIDERS, m)) owners.set(tokenOf(p), m.name);
    }
    const twice = webProviders()
      .filter((t) => owners.has(t))
      .map((t) => `${nameOf(t)} (already in ${owners.get(t)})`);
    expect(twice).toEqual([]);
  });

  it('gets every feature service its pages inject from an imported module that exports it', () => {
    const exported = new Set(webImports().flatMap((m) => metadata<unknown>(MODULE_METADATA.EXPORTS, m)));
    const featureServices = new Set(
      featureModules()
        .filter((m) => !Reflect.getMetadata(GLOBAL_MODULE_METADATA, m))
        .flatMap((m) => metadata<Provider>(MODULE_METADATA.PROVIDERS, m).map(tokenOf)),
    );
    const classes = [...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, WebModule) as Type[]), ...webProviders()].filter(
      (t): t is Type => typeof t === 'function',
    );
    const missing = classes.flatMap((c) =>
      ((Reflect.getMetadata('design:paramtypes', c) ?? []) as unknown[])
        .filter((dep) => featureServices.has(dep) && !exported.has(dep))
        .map((dep) => `${c.name} needs ${nameOf(dep)}`),
    );
    expect(missing).toEqual([]);
  });
});
