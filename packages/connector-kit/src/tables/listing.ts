import type { ListPosition } from "./cursor.js";

/** What a listing run shares with its {@link Listing}: where it stands, and how to say it. */
export interface ListingState {
  position: ListPosition | undefined;
  /** False when the order is applied locally: such a listing cannot resume. */
  resumable: boolean;
  encode?: ((position: ListPosition) => string) | undefined;
}

/**
 * The rows of `table.list()`: an async iterable (each iteration lists again from the start, or
 * from the `cursor` option), with `take(n)`, `toArray()` and a resume `cursor`.
 */
export class Listing<Row> implements AsyncIterable<Row> {
  readonly #run: (state: ListingState) => Promise<AsyncGenerator<Row>>;
  #state: ListingState = { position: undefined, resumable: true };

  /** @internal built by `Table.list()`. */
  constructor(run: (state: ListingState) => Promise<AsyncGenerator<Row>>) {
    this.#run = run;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Row, void, undefined> {
    const state: ListingState = { position: undefined, resumable: true };
    this.#state = state;
    yield* await this.#run(state);
  }

  /** The first `n` rows (fewer at the end); stops reading pages once it has them. */
  async take(n: number): Promise<Row[]> {
    const rows: Row[] = [];
    if (n <= 0) return rows;
    for await (const row of this) {
      rows.push(row);
      if (rows.length >= n) break;
    }
    return rows;
  }

  /** Every row, in memory. */
  async toArray(): Promise<Row[]> {
    const rows: Row[] = [];
    for await (const row of this) rows.push(row);
    return rows;
  }

  /**
   * Where the last iteration stopped: pass it as `list({ …same query, cursor })` to continue after
   * the last row handed out. Rows changed, added or deleted on the page it stopped in are
   * handled by key; in a page-number or offset listing, a row deleted on an earlier page moves an
   * unread row onto a page already read, and resuming skips it. `undefined` once the listing
   * was read to its end (unless the table's stream continues from there, as export streams do:
   * then resuming reads only what changed since), and for listings sorted locally.
   */
  get cursor(): string | undefined {
    const { position, resumable, encode } = this.#state;
    return position && resumable && encode ? encode(position) : undefined;
  }
}
