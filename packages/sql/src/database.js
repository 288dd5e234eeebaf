"use strict";
var __awaiter = (this && this.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
var __generator = (this && this.__generator) || function (thisArg, body) {
    var _ = { label: 0, sent: function() { if (t[0] & 1) throw t[1]; return t[1]; }, trys: [], ops: [] }, f, y, t, g = Object.create((typeof Iterator === "function" ? Iterator : Object).prototype);
    return g.next = verb(0), g["throw"] = verb(1), g["return"] = verb(2), typeof Symbol === "function" && (g[Symbol.iterator] = function() { return this; }), g;
    function verb(n) { return function (v) { return step([n, v]); }; }
    function step(op) {
        if (f) throw new TypeError("Generator is already executing.");
        while (g && (g = 0, op[0] && (_ = 0)), _) try {
            if (f = 1, y && (t = op[0] & 2 ? y["return"] : op[0] ? y["throw"] || ((t = y["return"]) && t.call(y), 0) : y.next) && !(t = t.call(y, op[1])).done) return t;
            if (y = 0, t) op = [op[0] & 2, t.value];
            switch (op[0]) {
                case 0: case 1: t = op; break;
                case 4: _.label++; return { value: op[1], done: false };
                case 5: _.label++; y = op[1]; op = [0]; continue;
                case 7: op = _.ops.pop(); _.trys.pop(); continue;
                default:
                    if (!(t = _.trys, t = t.length > 0 && t[t.length - 1]) && (op[0] === 6 || op[0] === 2)) { _ = 0; continue; }
                    if (op[0] === 3 && (!t || (op[1] > t[0] && op[1] < t[3]))) { _.label = op[1]; break; }
                    if (op[0] === 6 && _.label < t[1]) { _.label = t[1]; t = op; break; }
                    if (t && _.label < t[2]) { _.label = t[2]; _.ops.push(op); break; }
                    if (t[2]) _.ops.pop();
                    _.trys.pop(); continue;
            }
            op = body.call(thisArg, _);
        } catch (e) { op = [6, e]; y = 0; } finally { f = t = 0; }
        if (op[0] & 5) throw op[1]; return { value: op[0] ? op[1] : void 0, done: true };
    }
};
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
var __await = (this && this.__await) || function (v) { return this instanceof __await ? (this.v = v, this) : new __await(v); }
var __asyncValues = (this && this.__asyncValues) || function (o) {
    if (!Symbol.asyncIterator) throw new TypeError("Symbol.asyncIterator is not defined.");
    var m = o[Symbol.asyncIterator], i;
    return m ? m.call(o) : (o = typeof __values === "function" ? __values(o) : o[Symbol.iterator](), i = {}, verb("next"), verb("throw"), verb("return"), i[Symbol.asyncIterator] = function () { return this; }, i);
    function verb(n) { i[n] = o[n] && function (v) { return new Promise(function (resolve, reject) { v = o[n](v), settle(resolve, reject, v.done, v.value); }); }; }
    function settle(resolve, reject, d, v) { Promise.resolve(v).then(function(v) { resolve({ value: v, done: d }); }, reject); }
};
var __asyncDelegator = (this && this.__asyncDelegator) || function (o) {
    var i, p;
    return i = {}, verb("next"), verb("throw", function (e) { throw e; }), verb("return"), i[Symbol.iterator] = function () { return this; }, i;
    function verb(n, f) { i[n] = o[n] ? function (v) { return (p = !p) ? { value: __await(o[n](v)), done: false } : f ? f(v) : v; } : f; }
};
var __asyncGenerator = (this && this.__asyncGenerator) || function (thisArg, _arguments, generator) {
    if (!Symbol.asyncIterator) throw new TypeError("Symbol.asyncIterator is not defined.");
    var g = generator.apply(thisArg, _arguments || []), i, q = [];
    return i = Object.create((typeof AsyncIterator === "function" ? AsyncIterator : Object).prototype), verb("next"), verb("throw"), verb("return", awaitReturn), i[Symbol.asyncIterator] = function () { return this; }, i;
    function awaitReturn(f) { return function (v) { return Promise.resolve(v).then(f, reject); }; }
    function verb(n, f) { if (g[n]) { i[n] = function (v) { return new Promise(function (a, b) { q.push([n, v, a, b]) > 1 || resume(n, v); }); }; if (f) i[n] = f(i[n]); } }
    function resume(n, v) { try { step(g[n](v)); } catch (e) { settle(q[0][3], e); } }
    function step(r) { r.value instanceof __await ? Promise.resolve(r.value.v).then(fulfill, reject) : settle(q[0][2], r); }
    function fulfill(value) { resume("next", value); }
    function reject(value) { resume("throw", value); }
    function settle(f, v) { if (f(v), q.shift(), q.length) resume(q[0][0], q[0][1]); }
};
var __spreadArray = (this && this.__spreadArray) || function (to, from, pack) {
    if (pack || arguments.length === 2) for (var i = 0, l = from.length, ar; i < l; i++) {
        if (ar || !(i in from)) {
            if (!ar) ar = Array.prototype.slice.call(from, 0, i);
            ar[i] = from[i];
        }
    }
    return to.concat(ar || Array.prototype.slice.call(from));
};
var __values = (this && this.__values) || function(o) {
    var s = typeof Symbol === "function" && Symbol.iterator, m = s && o[s], i = 0;
    if (m) return m.call(o);
    if (o && typeof o.length === "number") return {
        next: function () {
            if (o && i >= o.length) o = void 0;
            return { value: o && o[i++], done: !o };
        }
    };
    throw new TypeError(s ? "Object is not iterable." : "Symbol.iterator is not defined.");
};
var _QueryResult_prepare, _QueryResult_prepared, _Database_instances, _Database_connection, _Database_procedures, _Database_open, _Database_exec;
Object.defineProperty(exports, "__esModule", { value: true });
exports.Database = exports.QueryResult = void 0;
exports.sql = sql;
var catalog_js_1 = require("./catalog.js");
var errors_js_1 = require("./errors.js");
var expr_js_1 = require("./expr.js");
var parse_js_1 = require("./parse.js");
var select_js_1 = require("./select.js");
var write_js_1 = require("./write.js");
/**
 * The rows of a query: an async iterable of plain objects (each iteration runs the query
 * again), with the result's columns and `toArray()`.
 */
var QueryResult = /** @class */ (function () {
    /** @internal built by `Database.query()`. */
    function QueryResult(prepare) {
        _QueryResult_prepare.set(this, void 0);
        _QueryResult_prepared.set(this, void 0);
        __classPrivateFieldSet(this, _QueryResult_prepare, prepare, "f");
    }
    /** @internal */
    QueryResult.prototype.prepare = function () {
        var _a;
        __classPrivateFieldSet(this, _QueryResult_prepared, (_a = __classPrivateFieldGet(this, _QueryResult_prepared, "f")) !== null && _a !== void 0 ? _a : __classPrivateFieldGet(this, _QueryResult_prepare, "f").call(this), "f");
        return __classPrivateFieldGet(this, _QueryResult_prepared, "f");
    };
    /** The result's columns (name, type, and the table column they come from). */
    QueryResult.prototype.columns = function () {
        return __awaiter(this, void 0, void 0, function () {
            return __generator(this, function (_a) {
                switch (_a.label) {
                    case 0: return [4 /*yield*/, this.prepare()];
                    case 1: return [2 /*return*/, (_a.sent()).columns];
                }
            });
        });
    };
    QueryResult.prototype[(_QueryResult_prepare = new WeakMap(), _QueryResult_prepared = new WeakMap(), Symbol.asyncIterator)] = function () {
        return __asyncGenerator(this, arguments, function _a() {
            return __generator(this, function (_b) {
                switch (_b.label) {
                    case 0: return [4 /*yield*/, __await(this.prepare())];
                    case 1: return [5 /*yield**/, __values(__asyncDelegator.apply(void 0, [__asyncValues.apply(void 0, [(_b.sent()).rows()])]))];
                    case 2: return [4 /*yield*/, __await.apply(void 0, [_b.sent()])];
                    case 3:
                        _b.sent();
                        return [2 /*return*/];
                }
            });
        });
    };
    /** Every row, in memory. */
    QueryResult.prototype.toArray = function () {
        return __awaiter(this, void 0, void 0, function () {
            var rows, _a, _b, _c, row, e_1_1;
            var _d, e_1, _e, _f;
            return __generator(this, function (_g) {
                switch (_g.label) {
                    case 0:
                        rows = [];
                        _g.label = 1;
                    case 1:
                        _g.trys.push([1, 6, 7, 12]);
                        _a = true, _b = __asyncValues(this);
                        _g.label = 2;
                    case 2: return [4 /*yield*/, _b.next()];
                    case 3:
                        if (!(_c = _g.sent(), _d = _c.done, !_d)) return [3 /*break*/, 5];
                        _f = _c.value;
                        _a = false;
                        row = _f;
                        rows.push(row);
                        _g.label = 4;
                    case 4:
                        _a = true;
                        return [3 /*break*/, 2];
                    case 5: return [3 /*break*/, 12];
                    case 6:
                        e_1_1 = _g.sent();
                        e_1 = { error: e_1_1 };
                        return [3 /*break*/, 12];
                    case 7:
                        _g.trys.push([7, , 10, 11]);
                        if (!(!_a && !_d && (_e = _b.return))) return [3 /*break*/, 9];
                        return [4 /*yield*/, _e.call(_b)];
                    case 8:
                        _g.sent();
                        _g.label = 9;
                    case 9: return [3 /*break*/, 11];
                    case 10:
                        if (e_1) throw e_1.error;
                        return [7 /*endfinally*/];
                    case 11: return [7 /*endfinally*/];
                    case 12: return [2 /*return*/, rows];
                }
            });
        });
    };
    return QueryResult;
}());
exports.QueryResult = QueryResult;
/** SQL over one connection; see {@link sql}. */
var Database = /** @class */ (function () {
    function Database(connection, options) {
        if (options === void 0) { options = {}; }
        var _a;
        _Database_instances.add(this);
        _Database_connection.set(this, void 0);
        _Database_procedures.set(this, void 0);
        __classPrivateFieldSet(this, _Database_connection, connection, "f");
        __classPrivateFieldSet(this, _Database_procedures, (_a = options.procedures) !== null && _a !== void 0 ? _a : [], "f");
    }
    Object.defineProperty(Database.prototype, "procedures", {
        /** The procedures EXEC can run. */
        get: function () {
            return __classPrivateFieldGet(this, _Database_procedures, "f");
        },
        enumerable: false,
        configurable: true
    });
    /**
     * Runs a SELECT (or `EXPLAIN SELECT`, or `EXEC`) and streams its rows. Parameters are bound
     * by position (`?`, an array) or by name (`:name`, an object); they are never put in the text.
     */
    Database.prototype.query = function (text, params, options) {
        var _this = this;
        if (options === void 0) { options = {}; }
        return new QueryResult(function () { return __awaiter(_this, void 0, void 0, function () {
            var statement, rows_1, names, plan, lines_1;
            var _this = this;
            return __generator(this, function (_a) {
                switch (_a.label) {
                    case 0:
                        statement = (0, parse_js_1.parseStatement)(text, params);
                        if (!(statement.kind === "exec")) return [3 /*break*/, 2];
                        return [4 /*yield*/, __classPrivateFieldGet(this, _Database_instances, "m", _Database_exec).call(this, statement, options)];
                    case 1:
                        rows_1 = _a.sent();
                        names = __spreadArray([], new Set(rows_1.flatMap(function (r) { return Object.keys(r); })), true);
                        return [2 /*return*/, {
                                columns: names.map(function (name) { return ({ name: name, type: "string" }); }),
                                rows: function () {
                                    return __asyncGenerator(this, arguments, function () {
                                        return __generator(this, function (_a) {
                                            switch (_a.label) {
                                                case 0: return [5 /*yield**/, __values(__asyncDelegator(__asyncValues(rows_1)))];
                                                case 1: return [4 /*yield*/, __await.apply(void 0, [_a.sent()])];
                                                case 2:
                                                    _a.sent();
                                                    return [2 /*return*/];
                                            }
                                        });
                                    });
                                },
                            }];
                    case 2:
                        if (statement.kind !== "select") {
                            throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Invalid, "".concat(statement.kind.toUpperCase(), " is run by execute()"), {
                                position: (0, errors_js_1.positionAt)(text, statement.source.shift),
                                hint: "Use db.execute() for INSERT, UPDATE and DELETE.",
                            });
                        }
                        return [4 /*yield*/, (0, select_js_1.planSelect)(statement.ast, statement.source, {
                                open: function (name, node) { return __classPrivateFieldGet(_this, _Database_instances, "m", _Database_open).call(_this, name, node, statement.source, options.signal); },
                                onRow: options.onRow,
                            })];
                    case 3:
                        plan = _a.sent();
                        if (!statement.explain) return [3 /*break*/, 5];
                        return [4 /*yield*/, plan.explain()];
                    case 4:
                        lines_1 = _a.sent();
                        return [2 /*return*/, {
                                columns: [{ name: "plan", type: "string" }],
                                rows: function () {
                                    return __asyncGenerator(this, arguments, function () {
                                        var _i, lines_2, line;
                                        return __generator(this, function (_a) {
                                            switch (_a.label) {
                                                case 0:
                                                    _i = 0, lines_2 = lines_1;
                                                    _a.label = 1;
                                                case 1:
                                                    if (!(_i < lines_2.length)) return [3 /*break*/, 5];
                                                    line = lines_2[_i];
                                                    return [4 /*yield*/, __await({ plan: line })];
                                                case 2: return [4 /*yield*/, _a.sent()];
                                                case 3:
                                                    _a.sent();
                                                    _a.label = 4;
                                                case 4:
                                                    _i++;
                                                    return [3 /*break*/, 1];
                                                case 5: return [2 /*return*/];
                                            }
                                        });
                                    });
                                },
                            }];
                    case 5: return [2 /*return*/, { columns: plan.columns, rows: function () { return plan.rows(options.signal); } }];
                }
            });
        }); });
    };
    /** The plan of a SELECT as text: the requests each table sends, and what runs locally. */
    Database.prototype.explain = function (text, params) {
        return __awaiter(this, void 0, void 0, function () {
            var body, rows;
            return __generator(this, function (_a) {
                switch (_a.label) {
                    case 0:
                        body = text.replace(/^\s*EXPLAIN\s+/i, "");
                        return [4 /*yield*/, this.query("EXPLAIN ".concat(body), params).toArray()];
                    case 1:
                        rows = _a.sent();
                        return [2 /*return*/, rows.map(function (r) { return r.plan; }).join("\n")];
                }
            });
        });
    };
    /**
     * Runs INSERT, UPDATE, DELETE (or EXEC) through the tables' writes: validated, sent once.
     * Resolves with the rows affected and their keys.
     */
    Database.prototype.execute = function (text_1, params_1) {
        return __awaiter(this, arguments, void 0, function (text, params, options) {
            var statement, rows, target, table;
            var _a;
            if (options === void 0) { options = {}; }
            return __generator(this, function (_b) {
                switch (_b.label) {
                    case 0:
                        statement = (0, parse_js_1.parseStatement)(text, params);
                        if (!(statement.kind === "exec")) return [3 /*break*/, 2];
                        return [4 /*yield*/, __classPrivateFieldGet(this, _Database_instances, "m", _Database_exec).call(this, statement, options)];
                    case 1:
                        rows = _b.sent();
                        return [2 /*return*/, { affectedRows: rows.length, keys: [], failures: [] }];
                    case 2:
                        if (statement.kind === "select") {
                            throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Invalid, "SELECT is run by query()", {
                                position: (0, errors_js_1.positionAt)(text, statement.source.shift),
                                hint: "Use db.query() for SELECT; its rows are streamed.",
                            });
                        }
                        target = (_a = statement.ast.table) === null || _a === void 0 ? void 0 : _a[0];
                        return [4 /*yield*/, __classPrivateFieldGet(this, _Database_instances, "m", _Database_open).call(this, String(target === null || target === void 0 ? void 0 : target.table), target, statement.source, options.signal)];
                    case 3:
                        table = _b.sent();
                        if (statement.kind === "insert")
                            return [2 /*return*/, (0, write_js_1.runInsert)(statement.ast, statement.source, table, options.signal)];
                        return [2 /*return*/, (0, write_js_1.runUpdateOrDelete)(statement.ast, statement.source, table, options.signal)];
                }
            });
        });
    };
    return Database;
}());
exports.Database = Database;
_Database_connection = new WeakMap(), _Database_procedures = new WeakMap(), _Database_instances = new WeakSet(), _Database_open = function _Database_open(name, node, source, signal) {
    return __awaiter(this, void 0, void 0, function () {
        return __generator(this, function (_a) {
            return [2 /*return*/, (0, catalog_js_1.openTable)(__classPrivateFieldGet(this, _Database_connection, "f"), __classPrivateFieldGet(this, _Database_procedures, "f"), name, (0, parse_js_1.at)(source, node), signal)];
        });
    });
}, _Database_exec = function _Database_exec(statement, options) {
    return __awaiter(this, void 0, void 0, function () {
        var procedure, near, resolver, args, _loop_1, _i, _a, arg, missing;
        return __generator(this, function (_b) {
            procedure = __classPrivateFieldGet(this, _Database_procedures, "f").find(function (p) { return p.name.toLowerCase() === statement.procedure.toLowerCase(); });
            if (!procedure) {
                near = (0, expr_js_1.nearest)(statement.procedure, __classPrivateFieldGet(this, _Database_procedures, "f").map(function (p) { return p.name; }));
                throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.UnknownName, "No procedure \"".concat(statement.procedure, "\""), {
                    position: statement.at,
                    hint: near
                        ? "Did you mean \"".concat(near, "\"?")
                        : __classPrivateFieldGet(this, _Database_procedures, "f").length
                            ? "Procedures: ".concat(__classPrivateFieldGet(this, _Database_procedures, "f").map(function (p) { return p.name; }).join(", "), ".")
                            : "This database has no procedures: pass them to sql(conn, { procedures }).",
                });
            }
            resolver = new expr_js_1.Resolver([], statement.source);
            args = {};
            _loop_1 = function (arg) {
                var declared = procedure.parameters.find(function (p) { return p.name.toLowerCase() === arg.name.toLowerCase(); });
                if (!declared) {
                    var near = (0, expr_js_1.nearest)(arg.name, procedure.parameters.map(function (p) { return p.name; }));
                    throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.UnknownName, "".concat(procedure.name, " has no parameter \"").concat(arg.name, "\""), {
                        position: (0, parse_js_1.at)(statement.source, arg.node, statement.at),
                        hint: near
                            ? "Did you mean \"".concat(near, "\"?")
                            : "Parameters: ".concat(procedure.parameters.map(function (p) { return p.name; }).join(", ") || "none", "."),
                    });
                }
                var literal = resolver.literal(arg.value);
                if (!literal)
                    throw resolver.unsupported("An expression as a procedure argument", arg.value, "Pass constants or parameters.");
                args[declared.name] = literal.value;
            };
            for (_i = 0, _a = statement.args; _i < _a.length; _i++) {
                arg = _a[_i];
                _loop_1(arg);
            }
            missing = procedure.parameters.filter(function (p) { return p.required && args[p.name] === undefined; });
            if (missing.length > 0) {
                throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.Invalid, "".concat(procedure.name, " needs ").concat(missing.map(function (p) { return p.name; }).join(", ")), {
                    position: statement.at,
                    hint: "Write EXEC ".concat(procedure.name, " ").concat(missing.map(function (p) { return "".concat(p.name, " = ?"); }).join(", "), "."),
                });
            }
            return [2 /*return*/, procedure.run(args, { signal: options.signal })];
        });
    });
};
/**
 * SQL over a connection's tables: `const db = sql(conn)`, then `db.query("SELECT …", params)`,
 * `db.execute("INSERT …")`, `EXEC Procedure …`, `EXPLAIN SELECT …`, and the system tables
 * `sys_tables`, `sys_tablecolumns`, `sys_procedures`, `sys_procedureparameters`.
 */
function sql(connection, options) {
    if (options === void 0) { options = {}; }
    return new Database(connection, options);
}
