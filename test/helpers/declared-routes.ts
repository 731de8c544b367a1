import type { Express } from 'express';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every route the app declares, as `method path-template`, read from Express's
 * router (nested routers included), so a test can check it covers them all.
 *
 * @example
 * declaredRoutes(app); // => ['get /healthz', 'post /api/v1/assignments', …]
 */
export function declaredRoutes(app: Express): string[] {
  const walk = (stack: Layer[]): string[] =>
    stack.flatMap((layer) =>
      layer.route ? Object.keys(layer.route.methods).map((method) => `${method} ${layer.route!.path}`) : layer.handle?.stack ? walk(layer.handle.stack) : [],
    );
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
}
