// The COQL grammar as Zoho documents it (COQL-Overview, COQL-Limitations): one SELECT with a
// field list, FROM a module, an optional WHERE whose criteria are bracketed in pairs
// ("((A and B) and C)"; three criteria side by side are a syntax error), ORDER BY, LIMIT and
// OFFSET. Keywords ignore case; text values are in single quotes, a quote doubled inside.

/** A literal of a criterion. */
export type Literal = { kind: "string"; value: string } | { kind: "number"; value: number };

/** One criterion: a field, a comparator and its values. */
export interface Comparison {
  kind: "cmp";
  field: string;
  op:
    | "="
    | "!="
    | ">"
    | "<"
    | ">="
    | "<="
    | "is null"
    | "is not null"
    | "between"
    | "in"
    | "not in"
    | "like"
    | "not like";
  values: Literal[];
}

/** A WHERE clause: comparisons joined two at a time. */
export type Criteria = Comparison | { kind: "and" | "or"; left: Criteria; right: Criteria };

export interface SelectQuery {
  fields: string[];
  module: string;
  where: Criteria | undefined;
  order: { field: string; descending: boolean }[];
  limit: number | undefined;
  offset: number | undefined;
}

export class CoqlSyntaxError extends Error {}

// SQL keywords a field may be named like; such a name must be quoted (Kaizen #171: an
// unquoted "External" is a syntax error).
const RESERVED = new Set(
  (
    "select from where and or not in is null like between order by group having limit offset " +
    "asc desc as on join union all distinct exists case when then else end true false external " +
    "insert update delete into values set table create drop"
  ).split(" "),
);

type Token =
  | { t: "word"; v: string; quoted?: true }
  | { t: "string"; v: string }
  | { t: "number"; v: number }
  | { t: "punct"; v: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      // A quoted value ('' inside for a quote); double quotes name a field (reserved words).
      let v = "";
      i++;
      for (;;) {
        if (i >= src.length) throw new CoqlSyntaxError("unterminated quoted text");
        if (src[i] === c && src[i + 1] === c) {
          v += c;
          i += 2;
        } else if (src[i] === c) {
          i++;
          break;
        } else v += src[i++];
      }
      tokens.push(c === "'" ? { t: "string", v } : { t: "word", v, quoted: true });
    } else if (/[-0-9]/.test(c) && /^-?\d/.test(src.slice(i))) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i)) as RegExpExecArray;
      tokens.push({ t: "number", v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$.]*/.exec(src.slice(i)) as RegExpExecArray;
      tokens.push({ t: "word", v: m[0] });
      i += m[0].length;
    } else {
      const m = /^(!=|>=|<=|[=<>(),])/.exec(src.slice(i));
      if (!m) throw new CoqlSyntaxError(`unexpected character "${c}"`);
      tokens.push({ t: "punct", v: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

/** Parses one select query; a `CoqlSyntaxError` names what was wrong. */
export function parseCoql(src: string): SelectQuery {
  const tokens = tokenize(src);
  let i = 0;
  const peek = () => tokens[i];
  const isWord = (w: string, at = i) => {
    const tk = tokens[at];
    return tk?.t === "word" && tk.v.toLowerCase() === w;
  };
  const expectWord = (w: string) => {
    if (!isWord(w)) throw new CoqlSyntaxError(`expected ${w.toUpperCase()} near ${near()}`);
    i++;
  };
  const isPunct = (p: string) => {
    const tk = peek();
    return tk?.t === "punct" && tk.v === p;
  };
  const near = () => {
    const tk = peek();
    return tk ? JSON.stringify(String(tk.v)) : "the end";
  };
  const name = (): string => {
    const tk = peek();
    if (tk?.t === "word") {
      if (!tk.quoted && RESERVED.has(tk.v.toLowerCase())) {
        throw new CoqlSyntaxError(`${tk.v} is a reserved word: quote it to name a field`);
      }
      i++;
      return tk.v;
    }
    // A field may be quoted when its name is a reserved word ('External').
    if (tk?.t === "string") {
      i++;
      return tk.v;
    }
    throw new CoqlSyntaxError(`expected a field name near ${near()}`);
  };
  const literal = (): Literal => {
    const tk = peek();
    if (tk?.t === "string") {
      i++;
      return { kind: "string", value: tk.v };
    }
    if (tk?.t === "number") {
      i++;
      return { kind: "number", value: tk.v };
    }
    if (tk?.t === "word" && /^(true|false)$/i.test(tk.v)) {
      i++;
      return { kind: "string", value: tk.v.toLowerCase() };
    }
    throw new CoqlSyntaxError(`expected a value near ${near()}`);
  };
  const comparison = (): Comparison => {
    const field = name();
    if (isWord("is")) {
      i++;
      const not = isWord("not");
      if (not) i++;
      expectWord("null");
      return { kind: "cmp", field, op: not ? "is not null" : "is null", values: [] };
    }
    if (isWord("between")) {
      i++;
      const low = literal();
      expectWord("and");
      return { kind: "cmp", field, op: "between", values: [low, literal()] };
    }
    const not = isWord("not");
    if (not) i++;
    if (isWord("in")) {
      i++;
      if (!isPunct("(")) throw new CoqlSyntaxError(`expected "(" after IN near ${near()}`);
      i++;
      const values = [literal()];
      while (isPunct(",")) {
        i++;
        values.push(literal());
      }
      if (!isPunct(")")) throw new CoqlSyntaxError(`expected ")" near ${near()}`);
      i++;
      return { kind: "cmp", field, op: not ? "not in" : "in", values };
    }
    if (isWord("like")) {
      i++;
      return { kind: "cmp", field, op: not ? "not like" : "like", values: [literal()] };
    }
    if (not) throw new CoqlSyntaxError(`expected IN or LIKE after NOT near ${near()}`);
    const tk = peek();
    if (tk?.t !== "punct" || !["=", "!=", ">", "<", ">=", "<="].includes(tk.v)) {
      throw new CoqlSyntaxError(`expected a comparator after ${field} near ${near()}`);
    }
    i++;
    return { kind: "cmp", field, op: tk.v as Comparison["op"], values: [literal()] };
  };
  const operand = (): Criteria => {
    if (isPunct("(")) {
      i++;
      const inner = pair();
      if (!isPunct(")")) throw new CoqlSyntaxError(`expected ")" near ${near()}`);
      i++;
      return inner;
    }
    return comparison();
  };
  // At most two criteria side by side: a third needs brackets.
  const pair = (): Criteria => {
    const left = operand();
    const op = isWord("and") ? "and" : isWord("or") ? "or" : undefined;
    if (!op) return left;
    i++;
    const right = operand();
    if (isWord("and") || isWord("or")) {
      throw new CoqlSyntaxError(
        "more than two criteria side by side: bracket them in pairs, as ((A and B) and C)",
      );
    }
    return { kind: op, left, right };
  };
  const integer = (clause: string): number => {
    const tk = peek();
    if (tk?.t !== "number" || !Number.isInteger(tk.v) || tk.v < 0) {
      throw new CoqlSyntaxError(`${clause} takes a whole number, near ${near()}`);
    }
    i++;
    return tk.v;
  };

  expectWord("select");
  const fields = [name()];
  while (isPunct(",")) {
    i++;
    fields.push(name());
  }
  expectWord("from");
  const module = name();
  let where: Criteria | undefined;
  if (isWord("where")) {
    i++;
    where = pair();
  }
  const order: SelectQuery["order"] = [];
  if (isWord("order")) {
    i++;
    expectWord("by");
    do {
      if (order.length > 0) i++;
      const field = name();
      const descending = isWord("desc");
      if (descending || isWord("asc")) i++;
      order.push({ field, descending });
    } while (isPunct(","));
  }
  let limit: number | undefined;
  let offset: number | undefined;
  if (isWord("limit")) {
    i++;
    limit = integer("LIMIT");
    // `LIMIT offset, limit` is the documented short form.
    if (isPunct(",")) {
      i++;
      offset = limit;
      limit = integer("LIMIT");
    }
  }
  if (isWord("offset")) {
    i++;
    offset = integer("OFFSET");
  }
  if (i < tokens.length) throw new CoqlSyntaxError(`unexpected ${near()}`);
  return { fields, module, where, order, limit, offset };
}

/** How many criteria a WHERE clause holds. */
export function criteriaCount(c: Criteria | undefined): number {
  if (!c) return 0;
  return c.kind === "cmp" ? 1 : criteriaCount(c.left) + criteriaCount(c.right);
}
