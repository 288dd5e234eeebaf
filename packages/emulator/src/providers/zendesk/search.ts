import type { EmulatorResponse } from "../../core/http.js";
import type { StoredRecord } from "../../core/records/store.js";
import type { RequestContext } from "../../core/types.js";
import { guard } from "./auth.js";
import { base, err, type ZendeskShared } from "./state.js";

// `GET /api/v2/search.json?query=`: `type:ticket|user|organization` and `property:value` terms,
// matched exactly (case-insensitive) — status, priority, ticket_type, `custom_field_{id}` for
// tickets, role for users. Offset pages (`per_page` ≤ 100) of `results` with `result_type`,
// `next_page` and `count`; no more than 1,000 results per query: a page past them is 422.

const CAP = 1000;
const TYPES: Record<string, string> = {
  ticket: "tickets",
  user: "users",
  organization: "organizations",
};

type Test = (r: StoredRecord) => boolean;

function termTest(type: string, name: string, value: string): Test | undefined {
  const same = (v: unknown) => v !== null && v !== undefined && String(v).toLowerCase() === value;
  if (type === "tickets") {
    if (name === "status" || name === "priority") return (r) => same(r[name]);
    if (name === "ticket_type") return (r) => same(r.type);
    const custom = /^custom_field_(\d+)$/.exec(name);
    if (custom) {
      const id = Number(custom[1]);
      return (r) =>
        Array.isArray(r.custom_fields) &&
        (r.custom_fields as { id: number; value: unknown }[]).some(
          (f) => f.id === id && same(f.value),
        );
    }
  }
  if (type === "users" && name === "role") return (r) => same(r.role);
  return undefined;
}

export function search(s: ZendeskShared, ctx: RequestContext): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const query = (ctx.query.get("query") ?? "").trim();
  const terms = query.split(/\s+/).filter(Boolean);
  const typeTerm = terms.find((t) => t.startsWith("type:"));
  const type = typeTerm ? TYPES[typeTerm.slice(5).toLowerCase()] : undefined;
  if (!type)
    return err(
      s,
      400,
      "InvalidValue",
      "query: this emulator needs type:ticket, type:user or type:organization",
    );
  const tests: Test[] = [];
  for (const term of terms) {
    if (term === typeTerm) continue;
    const m = /^([a-z_0-9]+):(.+)$/i.exec(term);
    const test = m
      ? termTest(type, m[1]!.toLowerCase(), m[2]!.replace(/^"|"$/g, "").toLowerCase())
      : undefined;
    if (!test) return err(s, 400, "InvalidValue", `query: the emulator does not search by ${term}`);
    tests.push(test);
  }
  const page = Number(ctx.query.get("page") ?? "1");
  const perPage = Number(ctx.query.get("per_page") ?? "100");
  if (
    !Number.isInteger(page) ||
    page < 1 ||
    !Number.isInteger(perPage) ||
    perPage < 1 ||
    perPage > 100
  ) {
    return err(
      s,
      400,
      "InvalidPaginationParameter",
      "page and per_page (up to 100) must be positive integers",
    );
  }
  const from = (page - 1) * perPage;
  if (from >= CAP) {
    return s.core.respond.json(
      422,
      {
        error: "invalid",
        description: `Invalid search: Requested response size was greater than Search Response Limits (${CAP})`,
      },
      g.headers,
    );
  }
  const matching = s.stores[type]!.all((r) => tests.every((t) => t(r)));
  const end = Math.min(from + perPage, matching.length, CAP);
  const singular = type.slice(0, -1);
  const results = matching.slice(from, end).map((r) => ({ ...r, result_type: singular }));
  const next = new URL(`${base(s)}/api/v2/search.json`);
  next.searchParams.set("query", query);
  next.searchParams.set("page", String(page + 1));
  next.searchParams.set("per_page", String(perPage));
  return s.core.respond.json(
    200,
    {
      results,
      next_page: end < Math.min(matching.length, CAP) ? next.toString() : null,
      previous_page: null,
      count: matching.length,
      facets: null,
    },
    g.headers,
  );
}
