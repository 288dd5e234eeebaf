import type { Route } from "./types.js";

/** A route ready to match: methods upper-cased, the path pattern as a RegExp. */
export interface CompiledRoute {
  route: Route;
  methods: string[] | "*";
  kinds: string[] | undefined;
  re: RegExp;
  names: string[];
}

/** Compiles `/crm/:version/:module` (`:x` = one segment) or takes a RegExp as it is. */
export function compileRoute(route: Route): CompiledRoute {
  const m = Array.isArray(route.method) ? route.method : [route.method];
  const methods = m.includes("*") ? "*" : m.map((x) => x.toUpperCase());
  const kinds = route.hostKind === undefined ? undefined : [route.hostKind].flat();
  if (route.path instanceof RegExp) return { route, methods, kinds, re: route.path, names: [] };
  const names: string[] = [];
  const src = route.path
    .split("/")
    .map((seg) => {
      if (seg.startsWith(":")) {
        names.push(seg.slice(1));
        return "([^/]+)";
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { route, methods, kinds, re: new RegExp(`^${src}$`), names };
}

/**
 * The first route, in order, for this host kind, path and method; fills `params` with its
 * `:name` segments (decoded) and RegExp groups.
 */
export function matchRoute(
  routes: readonly CompiledRoute[],
  request: { kind: string; path: string; method: string },
  params: Record<string, string>,
): CompiledRoute | undefined {
  for (const c of routes) {
    if (c.kinds && !c.kinds.includes(request.kind)) continue;
    const m = c.re.exec(request.path);
    if (!m) continue;
    if (c.methods !== "*" && !c.methods.includes(request.method)) continue;
    c.names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1] ?? "");
    });
    for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) params[k] = v;
    return c;
  }
  return undefined;
}
