"use strict";
var __classPrivateFieldGet = (this && this.__classPrivateFieldGet) || function (receiver, state, kind, f) {
    if (kind === "a" && !f) throw new TypeError("Private accessor was defined without a getter");
    if (typeof state === "function" ? receiver !== state || !f : !state.has(receiver)) throw new TypeError("Cannot read private member from an object whose class did not declare it");
    return kind === "m" ? f : kind === "a" ? f.call(receiver) : f ? f.value : state.get(receiver);
};
var _Resolver_instances, _Resolver_leaf;
Object.defineProperty(exports, "__esModule", { value: true });
exports.Resolver = void 0;
exports.notOperand = notOperand;
exports.functionName = functionName;
exports.describeConstruct = describeConstruct;
exports.compareValues = compareValues;
exports.columnName = columnName;
exports.sameName = sameName;
exports.findColumn = findColumn;
exports.nearest = nearest;
exports.sortCompare = sortCompare;
var connector_kit_1 = require("@x/connector-kit");
var errors_js_1 = require("./errors.js");
var parse_js_1 = require("./parse.js");
var COMPARISON = {
    "=": "eq",
    "<>": "ne",
    "!=": "ne",
    ">": "gt",
    ">=": "gte",
    "<": "lt",
    "<=": "lte",
};
var FLIPPED = { gt: "lt", gte: "lte", lt: "gt", lte: "gte" };
/** Names in the query's text resolved against the tables of FROM / JOIN. */
var Resolver = /** @class */ (function () {
    function Resolver(scopes, source) {
        _Resolver_instances.add(this);
        this.scopes = scopes;
        this.source = source;
    }
    Resolver.prototype.position = function (node, fallback) {
        return (0, parse_js_1.at)(this.source, node, fallback);
    };
    Resolver.prototype.unsupported = function (construct, node, hint) {
        return new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Unsupported, "".concat(construct, " is not supported"), {
            position: this.position(node),
            hint: hint,
        });
    };
    Resolver.prototype.invalid = function (message, node, hint) {
        return new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Invalid, message, { position: this.position(node), hint: hint });
    };
    /** The table and column a `column_ref` names. */
    Resolver.prototype.column = function (node) {
        var _this = this;
        var _a;
        var name = columnName(node);
        var qualifier = (_a = node.table) !== null && _a !== void 0 ? _a : null;
        var candidates = [];
        this.scopes.forEach(function (scope, source) {
            if (qualifier !== null &&
                !sameName(qualifier, scope.alias) &&
                !sameName(qualifier, scope.table))
                return;
            var found = findColumn(scope.columns, name);
            if (found)
                candidates.push({
                    source: source,
                    column: found,
                    declaration: scope.columns[found],
                });
        });
        if (qualifier !== null &&
            !this.scopes.some(function (s) { return sameName(qualifier, s.alias) || sameName(qualifier, s.table); })) {
            throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.UnknownName, "No table \"".concat(qualifier, "\" in FROM or JOIN"), {
                position: this.position(node),
                hint: "Tables of this query: ".concat(this.scopes.map(function (s) { return s.alias; }).join(", "), "."),
            });
        }
        if (candidates.length === 1)
            return candidates[0];
        if (candidates.length > 1) {
            throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.UnknownName, "The column \"".concat(name, "\" is ambiguous"), {
                position: this.position(node),
                hint: "Qualify it: ".concat(candidates.map(function (c) { var _a; return "".concat((_a = _this.scopes[c.source]) === null || _a === void 0 ? void 0 : _a.alias, ".").concat(name); }).join(" or "), "."),
            });
        }
        var known = this.scopes.flatMap(function (s) { return Object.keys(s.columns); });
        var near = nearest(name, known);
        throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.UnknownName, "No column \"".concat(name, "\"").concat(qualifier ? " in ".concat(qualifier) : ""), {
            position: this.position(node),
            hint: near ? "Did you mean \"".concat(near, "\"?") : "Columns: ".concat(known.slice(0, 20).join(", "), "."),
        });
    };
    /**
     * The part of a condition one table's listing can take, in the tables filter language, or
     * `undefined` when it needs more than one table or a test the filter language has no word for.
     */
    Resolver.prototype.toWhere = function (node) {
        var _a, _b;
        var _this = this;
        var _c, _d, _e, _f, _g, _h, _j;
        var t = node === null || node === void 0 ? void 0 : node.type;
        if (t === "binary_expr" && (node.operator === "AND" || node.operator === "OR")) {
            var left = this.toWhere(node.left);
            var right = this.toWhere(node.right);
            if (!left || !right || left.source !== right.source)
                return undefined;
            return { source: left.source, where: (_a = {}, _a[node.operator] = [left.where, right.where], _a) };
        }
        var negated = notOperand(node);
        if (negated) {
            var inner = this.toWhere(negated);
            return inner && { source: inner.source, where: { NOT: inner.where } };
        }
        if (t !== "binary_expr")
            return undefined;
        var op = node.operator;
        var leftIsColumn = ((_c = node.left) === null || _c === void 0 ? void 0 : _c.type) === "column_ref";
        var rightIsColumn = ((_d = node.right) === null || _d === void 0 ? void 0 : _d.type) === "column_ref";
        if (COMPARISON[op] && leftIsColumn !== rightIsColumn) {
            var ref_1 = this.column(leftIsColumn ? node.left : node.right);
            var valueNode = leftIsColumn ? node.right : node.left;
            var value = this.literal(valueNode);
            if (value === undefined)
                return undefined;
            if (value.value === null) {
                throw this.invalid("A comparison with NULL is never true", node, "Write IS NULL or IS NOT NULL.");
            }
            var filterOp = COMPARISON[op];
            if (!leftIsColumn)
                filterOp = (_e = FLIPPED[filterOp]) !== null && _e !== void 0 ? _e : filterOp;
            return __classPrivateFieldGet(this, _Resolver_instances, "m", _Resolver_leaf).call(this, ref_1, (_b = {}, _b[filterOp] = value.value, _b), node);
        }
        if (!leftIsColumn)
            return undefined;
        var ref = this.column(node.left);
        if (op === "IS" || op === "IS NOT") {
            if (((_f = node.right) === null || _f === void 0 ? void 0 : _f.type) !== "null")
                return undefined;
            return __classPrivateFieldGet(this, _Resolver_instances, "m", _Resolver_leaf).call(this, ref, { isNull: op === "IS" }, node);
        }
        if (op === "IN" || op === "NOT IN") {
            var list = ((_g = node.right) === null || _g === void 0 ? void 0 : _g.type) === "expr_list" ? node.right.value : undefined;
            var values = list === null || list === void 0 ? void 0 : list.map(function (v) { return _this.literal(v); });
            if (!values || values.some(function (v) { return v === undefined; }))
                return undefined;
            if (values.some(function (v) { return (v === null || v === void 0 ? void 0 : v.value) === null; })) {
                throw this.invalid("NULL in an IN list never matches", node, "Add OR column IS NULL instead.");
            }
            var leaf = __classPrivateFieldGet(this, _Resolver_instances, "m", _Resolver_leaf).call(this, ref, { in: values.map(function (v) { return v === null || v === void 0 ? void 0 : v.value; }) }, node);
            return op === "IN" ? leaf : { source: leaf.source, where: { NOT: leaf.where } };
        }
        if (op === "BETWEEN" || op === "NOT BETWEEN") {
            var _k = (_j = (_h = node.right) === null || _h === void 0 ? void 0 : _h.value) !== null && _j !== void 0 ? _j : [], low = _k[0], high = _k[1];
            var a = this.literal(low);
            var b = this.literal(high);
            if (!a || !b || a.value === null || b.value === null)
                return undefined;
            var leaf = __classPrivateFieldGet(this, _Resolver_instances, "m", _Resolver_leaf).call(this, ref, { gte: a.value, lte: b.value }, node);
            return op === "BETWEEN" ? leaf : { source: leaf.source, where: { NOT: leaf.where } };
        }
        if ((op === "LIKE" || op === "NOT LIKE") && ref.declaration.type === "string") {
            var pattern = this.literal(node.right);
            if (!pattern || typeof pattern.value !== "string")
                return undefined;
            var p = pattern.value;
            var plain = function (s) { return s !== "" && !/[%_]/.test(s); };
            var test = void 0;
            if (p.startsWith("%") && p.endsWith("%") && plain(p.slice(1, -1)))
                test = { contains: p.slice(1, -1) };
            else if (p.endsWith("%") && plain(p.slice(0, -1)))
                test = { startsWith: p.slice(0, -1) };
            if (!test)
                return undefined;
            var leaf = __classPrivateFieldGet(this, _Resolver_instances, "m", _Resolver_leaf).call(this, ref, test, node);
            return op === "LIKE" ? leaf : { source: leaf.source, where: { NOT: leaf.where } };
        }
        return undefined;
    };
    /** A constant: a literal or a bound parameter (`{ value }`), or `undefined` for anything else. */
    Resolver.prototype.literal = function (node) {
        switch (node === null || node === void 0 ? void 0 : node.type) {
            case "number":
                return { value: Number(node.value) };
            case "single_quote_string":
            case "double_quote_string":
            case "string":
                return {
                    value: String(node.value)
                        .replace(/''/g, "'")
                        .replace(/\\(['"\\])/g, "$1"),
                };
            case "bool":
                return { value: Boolean(node.value) };
            case "null":
                return { value: null };
            case "bound":
                return { value: node.value };
            default:
                return undefined;
        }
    };
    /**
     * A predicate over tuples with the tables filter language's meaning: a comparison with a null
     * is false (`<>` included), NOT negates, LIKE ignores case.
     */
    Resolver.prototype.predicate = function (node) {
        var _a, _b, _c;
        var translated = this.toWhere(node);
        if (translated) {
            var scope_1 = this.scopes[translated.source];
            var filter_1 = (0, connector_kit_1.parseWhere)(scope_1.table, scope_1.columns, translated.where);
            var source_1 = translated.source;
            return function (tuple) { var _a; return (0, connector_kit_1.matches)(filter_1, (_a = tuple[source_1]) !== null && _a !== void 0 ? _a : {}, scope_1.columns); };
        }
        if ((node === null || node === void 0 ? void 0 : node.type) === "binary_expr" && (node.operator === "AND" || node.operator === "OR")) {
            var left_1 = this.predicate(node.left);
            var right_1 = this.predicate(node.right);
            return node.operator === "AND" ? function (t) { return left_1(t) && right_1(t); } : function (t) { return left_1(t) || right_1(t); };
        }
        var negated = notOperand(node);
        if (negated) {
            var inner_1 = this.predicate(negated);
            return function (t) { return !inner_1(t); };
        }
        if ((node === null || node === void 0 ? void 0 : node.type) === "binary_expr" && COMPARISON[node.operator]) {
            if (((_a = node.left) === null || _a === void 0 ? void 0 : _a.type) === "column_ref" && ((_b = node.right) === null || _b === void 0 ? void 0 : _b.type) === "column_ref") {
                var a_1 = this.column(node.left);
                var b_1 = this.column(node.right);
                var op_1 = COMPARISON[node.operator];
                return function (t) {
                    var _a, _b;
                    var c = compareValues(a_1.declaration, (_a = t[a_1.source]) === null || _a === void 0 ? void 0 : _a[a_1.column], (_b = t[b_1.source]) === null || _b === void 0 ? void 0 : _b[b_1.column]);
                    return c !== undefined && holds(op_1, c);
                };
            }
            var a = this.literal(node.left);
            var b = this.literal(node.right);
            if (a && b) {
                if (a.value === null || b.value === null)
                    return function () { return false; };
                var c = compareValues(undefined, a.value, b.value);
                var result_1 = c !== undefined && holds(COMPARISON[node.operator], c);
                return function () { return result_1; };
            }
        }
        if ((node === null || node === void 0 ? void 0 : node.type) === "binary_expr" &&
            (node.operator === "LIKE" || node.operator === "NOT LIKE") &&
            ((_c = node.left) === null || _c === void 0 ? void 0 : _c.type) === "column_ref") {
            var ref_2 = this.column(node.left);
            var pattern = this.literal(node.right);
            if (pattern && typeof pattern.value === "string") {
                var regex_1 = likePattern(pattern.value);
                var like_1 = function (t) {
                    var _a;
                    var v = (_a = t[ref_2.source]) === null || _a === void 0 ? void 0 : _a[ref_2.column];
                    return (typeof v === "string" || typeof v === "number") && regex_1.test(String(v));
                };
                return node.operator === "LIKE" ? like_1 : function (t) { return !like_1(t); };
            }
        }
        throw this.unsupported(describeConstruct(node), node, "Conditions compare a column with a value or another column: =, <>, <, <=, >, >=, IN, LIKE, IS NULL, BETWEEN, joined by AND, OR, NOT.");
    };
    return Resolver;
}());
exports.Resolver = Resolver;
_Resolver_instances = new WeakSet(), _Resolver_leaf = function _Resolver_leaf(ref, test, node) {
    var _a;
    var _b;
    var where = (_a = {}, _a[ref.column] = test, _a);
    var scope = this.scopes[ref.source];
    try {
        (0, connector_kit_1.parseWhere)(scope.table, scope.columns, where);
    }
    catch (error) {
        if (!(error instanceof connector_kit_1.ConnectorError))
            throw error;
        throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Invalid, (0, errors_js_1.firstLine)(error.message), {
            position: this.position(node),
            hint: (_b = error.hint) !== null && _b !== void 0 ? _b : "Compare the column with a value of its type.",
            cause: error,
        });
    }
    return { source: ref.source, where: where };
};
/** The operand of NOT, in either form the parser gives (`NOT x` or `NOT (x)`). */
function notOperand(node) {
    var _a, _b;
    if ((node === null || node === void 0 ? void 0 : node.type) === "unary_expr" && node.operator === "NOT")
        return node.expr;
    if ((node === null || node === void 0 ? void 0 : node.type) === "function" && functionName(node) === "NOT")
        return (_b = (_a = node.args) === null || _a === void 0 ? void 0 : _a.value) === null || _b === void 0 ? void 0 : _b[0];
    return undefined;
}
function functionName(node) {
    var _a, _b;
    var parts = (_a = node === null || node === void 0 ? void 0 : node.name) === null || _a === void 0 ? void 0 : _a.name;
    return Array.isArray(parts)
        ? parts
            .map(function (p) { return p.value; })
            .join(".")
            .toUpperCase()
        : String((_b = node === null || node === void 0 ? void 0 : node.name) !== null && _b !== void 0 ? _b : "").toUpperCase();
}
/** What a node is, for "… is not supported". */
function describeConstruct(node) {
    switch (node === null || node === void 0 ? void 0 : node.type) {
        case "function":
            return "The function ".concat(functionName(node), "()");
        case "aggr_func":
            return "The aggregate ".concat(node.name, "() here");
        case "binary_expr":
            return "The operator ".concat(node.operator);
        case "case":
            return "CASE";
        case "cast":
            return "CAST";
        case "interval":
            return "INTERVAL";
        case "column_ref":
            return "A bare column as a condition";
        case undefined:
            return "This expression";
        default:
            return node.ast ? "A subquery" : "An expression of type ".concat(node.type);
    }
}
function holds(op, c) {
    switch (op) {
        case "eq":
            return c === 0;
        case "ne":
            return c !== 0;
        case "gt":
            return c > 0;
        case "gte":
            return c >= 0;
        case "lt":
            return c < 0;
        default:
            return c <= 0;
    }
}
/** Compares two values (of a column's type when known); `undefined` when either is null. */
function compareValues(column, a, b) {
    if (a === null || a === undefined || b === null || b === undefined)
        return undefined;
    var declaration = column !== null && column !== void 0 ? column : {
        type: typeof a === "number" && typeof b === "number" ? "decimal" : "string",
    };
    return sortCompare(declaration, a, b, false);
}
function likePattern(pattern) {
    var source = "";
    for (var _i = 0, pattern_1 = pattern; _i < pattern_1.length; _i++) {
        var ch = pattern_1[_i];
        source +=
            ch === "%"
                ? "[\\s\\S]*"
                : ch === "_"
                    ? "[\\s\\S]"
                    : ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
    return new RegExp("^".concat(source, "$"), "iu");
}
/** The column name of a `column_ref` (the parser nests it in some forms). */
function columnName(node) {
    var _a, _b;
    var c = node === null || node === void 0 ? void 0 : node.column;
    if (typeof c === "string")
        return c;
    return String((_b = (_a = c === null || c === void 0 ? void 0 : c.expr) === null || _a === void 0 ? void 0 : _a.value) !== null && _b !== void 0 ? _b : "");
}
function sameName(a, b) {
    return a === b || a.toLowerCase() === b.toLowerCase();
}
/** A column's declared name, matched exactly or else ignoring case. */
function findColumn(columns, name) {
    if (Object.hasOwn(columns, name))
        return name;
    return Object.keys(columns).find(function (k) { return k.toLowerCase() === name.toLowerCase(); });
}
/** The closest name, for did-you-mean. */
function nearest(name, names) {
    var best;
    var bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
    for (var _i = 0, names_1 = names; _i < names_1.length; _i++) {
        var candidate = names_1[_i];
        var d = distance(name.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}
function distance(a, b) {
    var row = Array.from({ length: b.length + 1 }, function (_, i) { return i; });
    for (var i = 1; i <= a.length; i++) {
        var previous = row[0];
        row[0] = i;
        for (var j = 1; j <= b.length; j++) {
            var current = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
            previous = current;
        }
    }
    return row[b.length];
}
/**
 * Sort comparison of two values of a column, as the tables listing sorts: numbers numerically,
 * date-times as instants, booleans false first, text by UTF-16 code units; nulls (and values
 * that cannot be read as the column's type) last.
 */
function sortCompare(column, a, b, descending) {
    var va = sortValue(column, a);
    var vb = sortValue(column, b);
    if (va === undefined || vb === undefined)
        return va === vb ? 0 : va === undefined ? 1 : -1;
    var order = va < vb ? -1 : va > vb ? 1 : 0;
    return descending ? -order : order;
}
function sortValue(column, value) {
    if (value === null || value === undefined)
        return undefined;
    switch (column.type) {
        case "integer":
        case "decimal": {
            var n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
            return typeof n === "number" && !Number.isNaN(n) ? n : undefined;
        }
        case "datetime": {
            var t = typeof value === "string" ? Date.parse(value) : Number.NaN;
            return Number.isNaN(t) ? undefined : t;
        }
        case "boolean":
            return typeof value === "boolean" ? Number(value) : undefined;
        case "json":
            return JSON.stringify(value);
        default:
            return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
    }
}
