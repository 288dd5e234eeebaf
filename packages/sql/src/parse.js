"use strict";
var __classPrivateFieldSet = (this && this.__classPrivateFieldSet) || function (receiver, state, value, kind, f) {
    if (kind === "m") throw new TypeError("Private method is not writable");
    if (kind === "a" && !f) throw new TypeError("Private accessor was defined without a setter");
    if (typeof state === "function" ? receiver !== state || !f : !state.has(receiver)) throw new TypeError("Cannot write private member to an object whose class did not declare it");
    return (kind === "a" ? f.call(receiver, value) : f ? f.value = value : state.set(receiver, value)), value;
};
var __classPrivateFieldGet = (this && this.__classPrivateFieldGet) || function (receiver, state, kind, f) {
    if (kind === "a" && !f) throw new TypeError("Private accessor was defined without a getter");
    if (typeof state === "function" ? receiver !== state || !f : !state.has(receiver)) throw new TypeError("Cannot read private member from an object whose class did not declare it");
    return kind === "m" ? f : kind === "a" ? f.call(receiver) : f ? f.value : state.get(receiver);
};
var _Binder_instances, _Binder_text, _Binder_params, _Binder_next, _Binder_used, _Binder_positional, _Binder_named, _Binder_value;
Object.defineProperty(exports, "__esModule", { value: true });
exports.at = at;
exports.parseStatement = parseStatement;
var mysql_js_1 = require("node-sql-parser/build/mysql.js");
var errors_js_1 = require("./errors.js");
var parser = new mysql_js_1.default.Parser();
var EXEC = /^(\s*)(EXEC|EXECUTE)\s+([A-Za-z_][A-Za-z0-9_]*)\s*/i;
var EXPLAIN = /^(\s*)EXPLAIN\s+/i;
/** Position of a node (its own, or `fallback`). */
function at(source, node, fallback) {
    var _a, _b;
    if (node === null || node === void 0 ? void 0 : node.pos)
        return node.pos;
    var offset = (_b = (_a = node === null || node === void 0 ? void 0 : node.loc) === null || _a === void 0 ? void 0 : _a.start) === null || _b === void 0 ? void 0 : _b.offset;
    return typeof offset === "number" ? (0, errors_js_1.positionAt)(source.text, offset + source.shift) : fallback;
}
function astify(source, text) {
    var _a, _b, _c, _d;
    var ast;
    try {
        ast = parser.astify(text, { database: "mysql", parseOptions: { includeLocations: true } });
    }
    catch (error) {
        var loc = (_b = (_a = error.location) === null || _a === void 0 ? void 0 : _a.start) === null || _b === void 0 ? void 0 : _b.offset;
        var found = (_c = /but (.*) found\.?$/.exec(error.message)) === null || _c === void 0 ? void 0 : _c[1];
        throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Syntax, "SQL syntax error".concat(found ? ": unexpected ".concat(found) : ""), {
            position: typeof loc === "number" ? (0, errors_js_1.positionAt)(source.text, loc + source.shift) : undefined,
            hint: "Check the statement near that position (strings in 'single quotes', names with spaces in `backticks`).",
            cause: error,
        });
    }
    if (Array.isArray(ast)) {
        if (ast.length !== 1) {
            throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Unsupported, "Only one statement per call is run", {
                position: at(source, ((_d = ast[1]) === null || _d === void 0 ? void 0 : _d.loc) ? ast[1] : undefined),
                hint: "Send each statement in its own call.",
            });
        }
        ast = ast[0];
    }
    return ast;
}
/** Parses one statement and binds its parameters. */
function parseStatement(text, params) {
    if (typeof text !== "string") {
        throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Syntax, "The statement must be a string", {
            hint: 'Pass SQL text: db.query("SELECT …").',
        });
    }
    var binder = new Binder(text, params);
    var exec = EXEC.exec(text);
    if (exec) {
        var rest = text.slice(exec[0].length).replace(/;\s*$/, "");
        var procedure = exec[3];
        var start_1 = (0, errors_js_1.positionAt)(text, exec[1].length);
        if (rest.trim() === "") {
            binder.finish();
            return { kind: "exec", procedure: procedure, args: [], at: start_1, source: { text: text, shift: 0 } };
        }
        // The argument list `A='x', B=?` is read by the parser as a select list.
        var source_1 = { text: text, shift: exec[0].length - "SELECT ".length };
        var ast_1 = binder.bind(astify(source_1, "SELECT ".concat(rest)), source_1);
        binder.finish();
        var args = ast_1.columns.map(function (column) {
            var _a, _b;
            var e = column.expr;
            var name = (e === null || e === void 0 ? void 0 : e.type) === "binary_expr" && e.operator === "="
                ? ((_a = e.left) === null || _a === void 0 ? void 0 : _a.type) === "column_ref"
                    ? e.left.column
                    : ((_b = e.left) === null || _b === void 0 ? void 0 : _b.type) === "var"
                        ? e.left.name
                        : undefined
                : undefined;
            if (typeof name !== "string" || column.as) {
                throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Syntax, "EXEC arguments are Name = value pairs", {
                    position: at(source_1, e, start_1),
                    hint: "Write EXEC Procedure Name1 = 'value', Name2 = ?.",
                });
            }
            return { name: name, value: e.right, node: e };
        });
        return { kind: "exec", procedure: procedure, args: args, at: start_1, source: source_1 };
    }
    var explain = EXPLAIN.exec(text);
    var source = { text: text, shift: explain ? explain[0].length : 0 };
    var ast = binder.bind(astify(source, explain ? text.slice(explain[0].length) : text), source);
    binder.finish();
    var kind = ast.type;
    if (kind === "select" || kind === "insert" || kind === "update" || kind === "delete") {
        if (explain && kind !== "select") {
            throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Unsupported, "EXPLAIN ".concat(String(kind).toUpperCase()), {
                position: (0, errors_js_1.positionAt)(text, 0),
                hint: "EXPLAIN shows the plan of a SELECT.",
            });
        }
        return { kind: kind, ast: ast, explain: explain !== null, source: source };
    }
    throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Unsupported, "".concat(String(kind !== null && kind !== void 0 ? kind : "this statement").toUpperCase(), " statements are not supported"), {
        position: (0, errors_js_1.positionAt)(text, source.shift),
        hint: "Run SELECT, INSERT, UPDATE, DELETE, EXEC or EXPLAIN SELECT.",
    });
}
/** Replaces `?` and `:name` in the tree with their values, as `{ type: "bound" }` nodes. */
var Binder = /** @class */ (function () {
    function Binder(text, params) {
        _Binder_instances.add(this);
        _Binder_text.set(this, void 0);
        _Binder_params.set(this, void 0);
        _Binder_next.set(this, 0);
        _Binder_used.set(this, new Set());
        __classPrivateFieldSet(this, _Binder_text, text, "f");
        __classPrivateFieldSet(this, _Binder_params, params, "f");
        if (params !== undefined && (typeof params !== "object" || params === null)) {
            throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Parameter, "Parameters must be an array or an object", {
                hint: "Pass [value, …] for ? placeholders, or { name: value } for :name placeholders.",
            });
        }
    }
    Binder.prototype.bind = function (node, source, near) {
        var _this = this;
        if (Array.isArray(node))
            return node.map(function (n) { return _this.bind(n, source, near); });
        if (node === null || typeof node !== "object")
            return node;
        var here = at(source, node, near);
        if (node.type === "origin" && node.value === "?") {
            return __classPrivateFieldGet(this, _Binder_instances, "m", _Binder_value).call(this, __classPrivateFieldGet(this, _Binder_instances, "m", _Binder_positional).call(this, here), here);
        }
        if (node.type === "param" && typeof node.value === "string") {
            return __classPrivateFieldGet(this, _Binder_instances, "m", _Binder_value).call(this, __classPrivateFieldGet(this, _Binder_instances, "m", _Binder_named).call(this, node.value, here), here);
        }
        var out = {};
        for (var _i = 0, _a = Object.entries(node); _i < _a.length; _i++) {
            var _b = _a[_i], key = _b[0], value = _b[1];
            out[key] = this.bind(value, source, here);
        }
        return out;
    };
    /** Refuses parameters the statement does not use: a typo would otherwise be ignored. */
    Binder.prototype.finish = function () {
        var params = __classPrivateFieldGet(this, _Binder_params, "f");
        if (params === undefined)
            return;
        if (Array.isArray(params)) {
            if (params.length > __classPrivateFieldGet(this, _Binder_next, "f")) {
                throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Parameter, "".concat(params.length, " positional parameters given, but the statement has ").concat(__classPrivateFieldGet(this, _Binder_next, "f"), " ? placeholders"), { hint: "Pass exactly one value per ?." });
            }
            return;
        }
        for (var _i = 0, _a = Object.keys(params); _i < _a.length; _i++) {
            var name_1 = _a[_i];
            if (!__classPrivateFieldGet(this, _Binder_used, "f").has(name_1)) {
                throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Parameter, "The parameter \"".concat(name_1, "\" is not used in the statement"), {
                    hint: "Write :".concat(name_1, " where it belongs, or leave it out."),
                });
            }
        }
        void __classPrivateFieldGet(this, _Binder_text, "f");
    };
    return Binder;
}());
_Binder_text = new WeakMap(), _Binder_params = new WeakMap(), _Binder_next = new WeakMap(), _Binder_used = new WeakMap(), _Binder_instances = new WeakSet(), _Binder_positional = function _Binder_positional(position) {
    var _a, _b;
    var params = __classPrivateFieldGet(this, _Binder_params, "f");
    var index = (__classPrivateFieldSet(this, _Binder_next, (_b = __classPrivateFieldGet(this, _Binder_next, "f"), _a = _b++, _b), "f"), _a);
    if (!Array.isArray(params) || index >= params.length) {
        throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Parameter, "No value for the ? placeholder number ".concat(index + 1), {
            position: position,
            hint: "Pass one value per ? in an array: db.query(sql, [a, b]).",
        });
    }
    return params[index];
}, _Binder_named = function _Binder_named(name, position) {
    var params = __classPrivateFieldGet(this, _Binder_params, "f");
    if (params === undefined || Array.isArray(params) || !Object.hasOwn(params, name)) {
        throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Parameter, "No value for the parameter :".concat(name), {
            position: position,
            hint: "Pass it by name: db.query(sql, { ".concat(name, ": \u2026 })."),
        });
    }
    __classPrivateFieldGet(this, _Binder_used, "f").add(name);
    return params[name];
}, _Binder_value = function _Binder_value(value, position) {
    var ok = value === null ||
        typeof value === "string" ||
        typeof value === "boolean" ||
        (typeof value === "number" && Number.isFinite(value)) ||
        (value instanceof Date && !Number.isNaN(value.getTime()));
    if (!ok) {
        throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Parameter, "A parameter has a value of an unsupported type (".concat(value === undefined ? "undefined" : typeof value, ")"), { position: position, hint: "Parameters are strings, finite numbers, booleans, null or Dates." });
    }
    return {
        type: "bound",
        value: value instanceof Date ? value.toISOString() : value,
        pos: position,
    };
};
