"use strict";
var __assign = (this && this.__assign) || function () {
    __assign = Object.assign || function(t) {
        for (var s, i = 1, n = arguments.length; i < n; i++) {
            s = arguments[i];
            for (var p in s) if (Object.prototype.hasOwnProperty.call(s, p))
                t[p] = s[p];
        }
        return t;
    };
    return __assign.apply(this, arguments);
};
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
var __asyncValues = (this && this.__asyncValues) || function (o) {
    if (!Symbol.asyncIterator) throw new TypeError("Symbol.asyncIterator is not defined.");
    var m = o[Symbol.asyncIterator], i;
    return m ? m.call(o) : (o = typeof __values === "function" ? __values(o) : o[Symbol.iterator](), i = {}, verb("next"), verb("throw"), verb("return"), i[Symbol.asyncIterator] = function () { return this; }, i);
    function verb(n) { i[n] = o[n] && function (v) { return new Promise(function (resolve, reject) { v = o[n](v), settle(resolve, reject, v.done, v.value); }); }; }
    function settle(resolve, reject, d, v) { Promise.resolve(v).then(function(v) { resolve({ value: v, done: d }); }, reject); }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.runInsert = runInsert;
exports.runUpdateOrDelete = runUpdateOrDelete;
var errors_js_1 = require("./errors.js");
var expr_js_1 = require("./expr.js");
function writable(sqlTable, resolver, node) {
    if (!sqlTable.table) {
        throw resolver.invalid("".concat(sqlTable.name, " is a system table: it cannot be written"), node, "Write to the connection's tables.");
    }
    return sqlTable.table;
}
/** INSERT INTO t (a, b) VALUES (…), (…): one insert, or the table's batch inserts. */
function runInsert(ast, source, table, signal) {
    return __awaiter(this, void 0, void 0, function () {
        var resolver, target, columns, rows, key, results, keys, failures, _i, results_1, r;
        var _a, _b, _c, _d, _e;
        return __generator(this, function (_f) {
            switch (_f.label) {
                case 0:
                    resolver = new expr_js_1.Resolver([{ alias: table.name, table: table.name, columns: table.columns }], source);
                    target = writable(table, resolver, (_b = (_a = ast.table) === null || _a === void 0 ? void 0 : _a[0]) !== null && _b !== void 0 ? _b : ast);
                    if (!Array.isArray(ast.columns) || ast.columns.length === 0) {
                        throw resolver.invalid("INSERT needs its column list", (_d = (_c = ast.table) === null || _c === void 0 ? void 0 : _c[0]) !== null && _d !== void 0 ? _d : ast, "Write INSERT INTO ".concat(table.name, " (column, \u2026) VALUES (value, \u2026)."));
                    }
                    if (((_e = ast.values) === null || _e === void 0 ? void 0 : _e.type) !== "values") {
                        throw resolver.unsupported("INSERT … SELECT", ast, "Insert VALUES (…) rows.");
                    }
                    columns = ast.columns.map(function (c) {
                        var _a, _b, _c, _d;
                        var name = typeof c === "string" ? c : String((_c = (_b = (_a = c === null || c === void 0 ? void 0 : c.expr) === null || _a === void 0 ? void 0 : _a.value) !== null && _b !== void 0 ? _b : c === null || c === void 0 ? void 0 : c.column) !== null && _c !== void 0 ? _c : c);
                        var found = (0, expr_js_1.findColumn)(table.columns, name);
                        if (!found) {
                            throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.UnknownName, "".concat(table.name, " has no column \"").concat(name, "\""), {
                                position: resolver.position((_d = ast.table) === null || _d === void 0 ? void 0 : _d[0]),
                                hint: "Columns: ".concat(Object.keys(table.columns).join(", "), "."),
                            });
                        }
                        return found;
                    });
                    rows = ast.values.values.map(function (tuple) {
                        var _a;
                        var values = tuple.value;
                        if (values.length !== columns.length) {
                            throw resolver.invalid("A VALUES row has ".concat(values.length, " values for ").concat(columns.length, " columns"), (_a = values[0]) !== null && _a !== void 0 ? _a : tuple, "Give one value per column.");
                        }
                        var row = {};
                        values.forEach(function (node, i) {
                            var literal = resolver.literal(node);
                            if (!literal)
                                throw resolver.unsupported("An expression in VALUES", node, "Insert constants or parameters.");
                            row[columns[i]] = literal.value;
                        });
                        return row;
                    });
                    if (!(rows.length === 1)) return [3 /*break*/, 2];
                    return [4 /*yield*/, target.insert(rows[0], { signal: signal })];
                case 1:
                    key = (_f.sent()).key;
                    return [2 /*return*/, { affectedRows: 1, keys: [key], failures: [] }];
                case 2: return [4 /*yield*/, target.insertMany(rows, { signal: signal })];
                case 3:
                    results = _f.sent();
                    keys = [];
                    failures = [];
                    for (_i = 0, results_1 = results; _i < results_1.length; _i++) {
                        r = results_1[_i];
                        if (r.ok)
                            keys.push(r.key);
                        else
                            failures.push({ row: r.index, error: r.error, sent: r.sent });
                    }
                    return [2 /*return*/, { affectedRows: keys.length, keys: keys, failures: failures }];
            }
        });
    });
}
/** UPDATE / DELETE: the rows WHERE names (listed, pushed down where the table allows), one write each. */
function runUpdateOrDelete(ast, source, table, signal) {
    return __awaiter(this, void 0, void 0, function () {
        var resolver, target, verb, changes, _i, _a, set, name_1, literal, key, translated, local, keys, listing, _b, listing_1, listing_1_1, row, e_1_1, done, _c, keys_1, k;
        var _d;
        var _e, e_1, _f, _g;
        var _h, _j, _k, _l, _m, _o, _p, _q;
        return __generator(this, function (_r) {
            switch (_r.label) {
                case 0:
                    resolver = new expr_js_1.Resolver([{ alias: table.name, table: table.name, columns: table.columns }], source);
                    target = writable(table, resolver, (_j = (_h = ast.table) === null || _h === void 0 ? void 0 : _h[0]) !== null && _j !== void 0 ? _j : ast);
                    verb = ast.type === "update" ? "UPDATE" : "DELETE";
                    if (!ast.where) {
                        throw resolver.invalid("".concat(verb, " without WHERE would change every row of ").concat(table.name), (_l = (_k = ast.table) === null || _k === void 0 ? void 0 : _k[0]) !== null && _l !== void 0 ? _l : ast, "Add a WHERE clause (every row: WHERE ".concat(table.key, " IS NOT NULL)."));
                    }
                    if ((ast.from && ast.type === "update") || ((_o = (_m = ast.table) === null || _m === void 0 ? void 0 : _m.length) !== null && _o !== void 0 ? _o : 1) > 1) {
                        throw resolver.unsupported("".concat(verb, " over several tables"), (_q = (_p = ast.table) === null || _p === void 0 ? void 0 : _p[1]) !== null && _q !== void 0 ? _q : ast, "".concat(verb, " one table at a time."));
                    }
                    changes = {};
                    if (ast.type === "update") {
                        for (_i = 0, _a = ast.set; _i < _a.length; _i++) {
                            set = _a[_i];
                            name_1 = (0, expr_js_1.findColumn)(table.columns, String(set.column));
                            if (!name_1) {
                                throw new errors_js_1.SqlError(errors_js_1.SqlErrorCode.UnknownName, "".concat(table.name, " has no column \"").concat(set.column, "\""), {
                                    position: resolver.position(set.value),
                                    hint: "Columns: ".concat(Object.keys(table.columns).join(", "), "."),
                                });
                            }
                            literal = resolver.literal(set.value);
                            if (!literal)
                                throw resolver.unsupported("An expression in SET", set.value, "Set columns to constants or parameters.");
                            changes = __assign(__assign({}, changes), (_d = {}, _d[name_1] = literal.value, _d));
                        }
                    }
                    key = table.key;
                    translated = resolver.toWhere(ast.where);
                    local = translated ? undefined : resolver.predicate(ast.where);
                    keys = [];
                    listing = target.list(__assign(__assign(__assign({}, (translated ? { where: translated.where } : {})), (local ? {} : { select: [key] })), { signal: signal }));
                    _r.label = 1;
                case 1:
                    _r.trys.push([1, 6, 7, 12]);
                    _b = true, listing_1 = __asyncValues(listing);
                    _r.label = 2;
                case 2: return [4 /*yield*/, listing_1.next()];
                case 3:
                    if (!(listing_1_1 = _r.sent(), _e = listing_1_1.done, !_e)) return [3 /*break*/, 5];
                    _g = listing_1_1.value;
                    _b = false;
                    row = _g;
                    if (local && !local([row]))
                        return [3 /*break*/, 4];
                    keys.push(row[key]);
                    _r.label = 4;
                case 4:
                    _b = true;
                    return [3 /*break*/, 2];
                case 5: return [3 /*break*/, 12];
                case 6:
                    e_1_1 = _r.sent();
                    e_1 = { error: e_1_1 };
                    return [3 /*break*/, 12];
                case 7:
                    _r.trys.push([7, , 10, 11]);
                    if (!(!_b && !_e && (_f = listing_1.return))) return [3 /*break*/, 9];
                    return [4 /*yield*/, _f.call(listing_1)];
                case 8:
                    _r.sent();
                    _r.label = 9;
                case 9: return [3 /*break*/, 11];
                case 10:
                    if (e_1) throw e_1.error;
                    return [7 /*endfinally*/];
                case 11: return [7 /*endfinally*/];
                case 12:
                    done = [];
                    _c = 0, keys_1 = keys;
                    _r.label = 13;
                case 13:
                    if (!(_c < keys_1.length)) return [3 /*break*/, 19];
                    k = keys_1[_c];
                    if (!(ast.type === "update")) return [3 /*break*/, 15];
                    return [4 /*yield*/, target.update(k, changes, { signal: signal })];
                case 14:
                    _r.sent();
                    return [3 /*break*/, 17];
                case 15: return [4 /*yield*/, target.delete(k, { signal: signal })];
                case 16:
                    _r.sent();
                    _r.label = 17;
                case 17:
                    done.push(k);
                    _r.label = 18;
                case 18:
                    _c++;
                    return [3 /*break*/, 13];
                case 19: return [2 /*return*/, { affectedRows: done.length, keys: done, failures: [] }];
            }
        });
    });
}
