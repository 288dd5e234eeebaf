import { describe, expect, test } from "vitest";
import type { ApiClient, ApiRequest } from "../src/http.js";
import { offsetPagination } from "../src/paginate.js";
import { defineTable } from "../src/tables/declaration.js";
import { Table } from "../src/tables/table.js";

// A listing in its own order (by `t`, as Highrise's `since` lists by updated-at): a row changed
// between two reads moves to the end, so a count of rows already read points past an unread one.

interface Item {
  id: number;
  t: number;
}

/** A provider listing `items` by `t` (ties by id), 4 a page with `?offset=`. */
function provider(items: Item[]): ApiClient {
  return {
    async send(request: ApiRequest) {
      const offset = Number(new URLSearchParams(request.searchParams as never).get("offset") ?? 0);
      const sorted = [...items].sort((a, b) => a.t - b.t || a.id - b.id);
      return new Response(JSON.stringify(sorted.slice(offset, offset + 4)));
    },
  } as unknown as ApiClient;
}

const declare = () =>
  defineTable({
    name: "things",
    key: "id",
    columns: { id: { type: "integer" }, t: { type: "integer" } },
    list: {
      request: { path: "things" },
      pagination: offsetPagination({
        offsetParam: "offset",
        pageSize: 4,
        items: (b) => b as Item[],
      }),
    },
  });

describe("resuming a listing in its own order", () => {
  // The page read again skips the rows already read by key (counting them would skip row 4,
  // which took the changed row's place); the changed row is read again at the end.
  test("a row read, then changed, moves to the end: no gap", async () => {
    const items = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, t: (i + 1) * 10 }));
    const table = new Table(declare(), provider(items));
    const listing = table.list();
    expect((await listing.take(3)).map((r) => r.id)).toEqual([1, 2, 3]);
    const cursor = listing.cursor;
    (items[1] as Item).t = 1_000; // row 2, already read, changes: it moves to the end
    const rest = await table.list({ cursor }).toArray();
    expect(rest.map((r) => r.id)).toEqual([4, 5, 6, 7, 8, 2]);
  });
});

describe("resuming within a page", () => {
  test("rows read, then changed or deleted, leave no gap and nothing read twice", async () => {
    const items = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, t: (i + 1) * 10 }));
    const table = new Table(declare(), provider(items));
    const listing = table.list();
    expect((await listing.take(3)).map((r) => r.id)).toEqual([1, 2, 3]);
    const cursor = listing.cursor;
    items.splice(0, 1); // row 1, read, is deleted
    (items[1] as Item).t = 1_000; // row 3, read, changes: it moves to the end
    items.push({ id: 9, t: 25 }); // a new row lands inside the page being read
    const rest = await table.list({ cursor }).toArray();
    // Row 9 is new and row 3 changed: both are read; rows 1 and 2 are not read again.
    expect(rest.map((r) => r.id)).toEqual([9, 4, 5, 6, 7, 8, 3]);
    // Resuming twice from the same page: the second cursor still knows rows 1-3 were read.
    const again = table.list({ cursor });
    expect((await again.take(1)).map((r) => r.id)).toEqual([9]);
    expect((await table.list({ cursor: again.cursor }).toArray()).map((r) => r.id)).toEqual([
      4, 5, 6, 7, 8, 3,
    ]);
  });
});
