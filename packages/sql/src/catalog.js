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
var __rest = (this && this.__rest) || function (s, e) {
    var t = {};
    for (var p in s) if (Object.prototype.hasOwnProperty.call(s, p) && e.indexOf(p) < 0)
        t[p] = s[p];
    if (s != null && typeof Object.getOwnPropertySymbols === "function")
        for (var i = 0, p = Object.getOwnPropertySymbols(s); i < p.length; i++) {
            if (e.indexOf(p[i]) < 0 && Object.prototype.propertyIsEnumerable.call(s, p[i]))
                t[p[i]] = s[p[i]];
        }
    return t;
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
Object.defineProperty(exports, "__esModule", { value: true });
exports.SYSTEM = void 0;
exports.openTable = openTable;
var connector_kit_1 = require("@x/connector-kit");
var errors_js_1 = require("./errors.js");
var expr_js_1 = require("./expr.js");
/** Resolves a table name of a statement. */
function openTable(connection, procedures, name, position, signal) {
    return __awaiter(this, void 0, void 0, function () {
        var system, table, columns;
        var _this = this;
        var _a;
        return __generator(this, function (_b) {
            switch (_b.label) {
                case 0:
                    system = exports.SYSTEM[name.toLowerCase()];
                    if (system)
                        return [2 /*return*/, systemTable(name.toLowerCase(), system, function () {
                                return system.rows(connection, procedures, signal);
                            })];
                    try {
                        table = connection.table(name);
                    }
                    catch (error) {
                        if (error instanceof connector_kit_1.ConnectorError) {
                            throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.UnknownName, (0, errors_js_1.firstLine)(error.message), {
                                position: position,
                                hint: "".concat((_a = error.hint) !== null && _a !== void 0 ? _a : "", " System tables: ").concat(Object.keys(exports.SYSTEM).join(", "), ".").trim(),
                                cause: error,
                            });
                        }
                        throw error;
                    }
                    return [4 /*yield*/, table.columns(signal)];
                case 1:
                    columns = _b.sent();
                    return [2 /*return*/, {
                            name: table.name,
                            columns: columns,
                            key: table.declaration.key,
                            table: table,
                            // The where objects are built from the SQL text and checked against the columns already.
                            rows: function (request) { return table.list(request); },
                            explain: function (request) { return __awaiter(_this, void 0, void 0, function () {
                                var _signal, rest;
                                return __generator(this, function (_a) {
                                    switch (_a.label) {
                                        case 0:
                                            _signal = request.signal, rest = __rest(request, ["signal"]);
                                            return [4 /*yield*/, table.explain(rest)];
                                        case 1: return [2 /*return*/, (_a.sent()).text.split("\n")];
                                    }
                                });
                            }); },
                        }];
            }
        });
    });
}
function systemTable(name, definition, load) {
    var _this = this;
    var columns = definition.columns;
    return {
        name: name,
        columns: columns,
        key: undefined,
        rows: function (request) {
            return __asyncGenerator(this, arguments, function rows_1() {
                var filter, rows, _loop_1, _i, _a, term;
                var _b, _c, _d;
                return __generator(this, function (_e) {
                    switch (_e.label) {
                        case 0:
                            filter = request.where ? (0, connector_kit_1.parseWhere)(name, columns, request.where) : undefined;
                            return [4 /*yield*/, __await(load())];
                        case 1:
                            rows = (_e.sent()).filter(function (row) { return !filter || (0, connector_kit_1.matches)(filter, row, columns); });
                            _loop_1 = function (term) {
                                var descending = term.startsWith("-");
                                var column = descending ? term.slice(1) : term;
                                var declaration = (_c = columns[column]) !== null && _c !== void 0 ? _c : { type: "string" };
                                rows = rows.sort(function (a, b) { return (0, expr_js_1.sortCompare)(declaration, a[column], b[column], descending); });
                            };
                            for (_i = 0, _a = __spreadArray([], ((_b = request.orderBy) !== null && _b !== void 0 ? _b : []), true).reverse(); _i < _a.length; _i++) {
                                term = _a[_i];
                                _loop_1(term);
                            }
                            return [5 /*yield**/, __values(__asyncDelegator(__asyncValues(rows.slice(0, (_d = request.limit) !== null && _d !== void 0 ? _d : rows.length))))];
                        case 2: return [4 /*yield*/, __await.apply(void 0, [_e.sent()])];
                        case 3:
                            _e.sent();
                            return [2 /*return*/];
                    }
                });
            });
        },
        explain: function () { return __awaiter(_this, void 0, void 0, function () { return __generator(this, function (_a) {
            return [2 /*return*/, ["".concat(name, ": from the catalog, no request; filtered and sorted locally")]];
        }); }); },
    };
}
var text = { type: "string" };
var nullableText = { type: "string", nullable: true };
var flag = { type: "boolean" };
/** The system tables: the catalog as rows, named as in the original drivers. */
exports.SYSTEM = {
    sys_tables: {
        columns: {
            TableName: text,
            Description: nullableText,
            KeyColumn: text,
            ParentTable: nullableText,
            CanInsert: flag,
            CanUpdate: flag,
            CanDelete: flag,
            BatchInsertSize: { type: "integer", nullable: true },
        },
        rows: function (connection, _procedures, signal) {
            return __awaiter(this, void 0, void 0, function () {
                return __generator(this, function (_a) {
                    switch (_a.label) {
                        case 0: return [4 /*yield*/, connection.tables({ signal: signal })];
                        case 1: return [2 /*return*/, (_a.sent()).map(function (t) {
                                var _a, _b, _c;
                                return ({
                                    TableName: t.name,
                                    Description: (_a = t.description) !== null && _a !== void 0 ? _a : null,
                                    KeyColumn: t.key,
                                    ParentTable: (_c = (_b = t.parent) === null || _b === void 0 ? void 0 : _b.table) !== null && _c !== void 0 ? _c : null,
                                    CanInsert: t.capabilities.insert,
                                    CanUpdate: t.capabilities.update,
                                    CanDelete: t.capabilities.delete,
                                    BatchInsertSize: t.capabilities.batchInsert,
                                });
                            })];
                    }
                });
            });
        },
    },
    sys_tablecolumns: {
        columns: {
            TableName: text,
            ColumnName: text,
            DataType: text,
            IsKey: flag,
            IsNullable: flag,
            IsReadOnly: flag,
            IsRequired: flag,
            Origin: { type: "enum", values: ["declared", "discovered"] },
            PushdownOperators: text,
            SortableByProvider: flag,
            Description: nullableText,
        },
        rows: function (connection, _procedures, signal) {
            return __awaiter(this, void 0, void 0, function () {
                return __generator(this, function (_a) {
                    switch (_a.label) {
                        case 0: return [4 /*yield*/, connection.tables({ signal: signal })];
                        case 1: return [2 /*return*/, (_a.sent()).flatMap(function (t) {
                                return t.columns.map(function (c) {
                                    var _a;
                                    return ({
                                        TableName: t.name,
                                        ColumnName: c.name,
                                        DataType: c.type,
                                        IsKey: c.name === t.key,
                                        IsNullable: c.nullable === true,
                                        IsReadOnly: c.readOnly === true,
                                        IsRequired: c.required === true,
                                        Origin: c.origin,
                                        PushdownOperators: c.pushdown.join(","),
                                        SortableByProvider: c.sortable.length > 0,
                                        Description: (_a = c.description) !== null && _a !== void 0 ? _a : null,
                                    });
                                });
                            })];
                    }
                });
            });
        },
    },
    sys_procedures: {
        columns: { ProcedureName: text, Description: nullableText },
        rows: function (_connection, procedures) {
            return __awaiter(this, void 0, void 0, function () {
                return __generator(this, function (_a) {
                    return [2 /*return*/, procedures.map(function (p) { var _a; return ({ ProcedureName: p.name, Description: (_a = p.description) !== null && _a !== void 0 ? _a : null }); })];
                });
            });
        },
    },
    sys_procedureparameters: {
        columns: {
            ProcedureName: text,
            ParameterName: text,
            DataType: text,
            IsRequired: flag,
            Direction: { type: "enum", values: ["input", "output"] },
            Description: nullableText,
        },
        rows: function (_connection, procedures) {
            return __awaiter(this, void 0, void 0, function () {
                return __generator(this, function (_a) {
                    return [2 /*return*/, procedures.flatMap(function (p) {
                            var _a;
                            return __spreadArray(__spreadArray([], p.parameters.map(function (param) {
                                var _a, _b;
                                return ({
                                    ProcedureName: p.name,
                                    ParameterName: param.name,
                                    DataType: (_a = param.type) !== null && _a !== void 0 ? _a : "string",
                                    IsRequired: param.required === true,
                                    Direction: "input",
                                    Description: (_b = param.description) !== null && _b !== void 0 ? _b : null,
                                });
                            }), true), ((_a = p.outputs) !== null && _a !== void 0 ? _a : []).map(function (out) {
                                var _a, _b;
                                return ({
                                    ProcedureName: p.name,
                                    ParameterName: out.name,
                                    DataType: (_a = out.type) !== null && _a !== void 0 ? _a : "string",
                                    IsRequired: false,
                                    Direction: "output",
                                    Description: (_b = out.description) !== null && _b !== void 0 ? _b : null,
                                });
                            }), true);
                        })];
                });
            });
        },
    },
};
