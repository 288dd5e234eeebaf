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
var __asyncDelegator = (this && this.__asyncDelegator) || function (o) {
    var i, p;
    return i = {}, verb("next"), verb("throw", function (e) { throw e; }), verb("return"), i[Symbol.iterator] = function () { return this; }, i;
    function verb(n, f) { i[n] = o[n] ? function (v) { return (p = !p) ? { value: __await(o[n](v)), done: false } : f ? f(v) : v; } : f; }
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
var _Accumulator_a, _Accumulator_count, _Accumulator_sum, _Accumulator_best, _Accumulator_seen, _TopN_items, _TopN_compare, _TopN_limit;
Object.defineProperty(exports, "__esModule", { value: true });
exports.SqlErrorCode = exports.SqlError = void 0;
exports.planSelect = planSelect;
var errors_js_1 = require("./errors.js");
Object.defineProperty(exports, "SqlError", { enumerable: true, get: function () { return errors_js_1.SqlError; } });
Object.defineProperty(exports, "SqlErrorCode", { enumerable: true, get: function () { return errors_js_1.SqlErrorCode; } });
var expr_js_1 = require("./expr.js");
var JOINS = {
    JOIN: false,
    "INNER JOIN": false,
    "LEFT JOIN": true,
    "LEFT OUTER JOIN": true,
};
var AGGREGATES = new Set(["COUNT", "SUM", "MIN", "MAX", "AVG"]);
var slice = function (source, node) {
    var _a, _b, _c, _d;
    var start = (_b = (_a = node === null || node === void 0 ? void 0 : node.loc) === null || _a === void 0 ? void 0 : _a.start) === null || _b === void 0 ? void 0 : _b.offset;
    var end = (_d = (_c = node === null || node === void 0 ? void 0 : node.loc) === null || _c === void 0 ? void 0 : _c.end) === null || _d === void 0 ? void 0 : _d.offset;
    return typeof start === "number" && typeof end === "number"
        ? source.text.slice(start + source.shift, end + source.shift)
        : (0, expr_js_1.describeConstruct)(node);
};
/** Plans a SELECT: what each table's listing takes, and what runs locally. */
function planSelect(ast, source, context) {
    return __awaiter(this, void 0, void 0, function () {
        var r0, from, tables, _i, from_1, item, _a, _b, resolver, leftJoined, pushed, local, _c, _d, term, translated, joins, aggregates, items, grouped, groupBy, collect, _e, items_1, item, _f, _g, term, aggregating, _h, limit, offset, orderTerms, single, orderColumns, pushOrder, wanted, requests, tuples, _j, items_2, item, value_1, projections_1, keys_1, project_1, _k, items_3, item, aggList, groupValue, having, _l, orderTerms_1, t;
        var _this = this;
        var _m, _o, _p, _q, _r;
        return __generator(this, function (_s) {
            switch (_s.label) {
                case 0:
                    r0 = new expr_js_1.Resolver([], source);
                    refuse(ast, r0);
                    from = ast.from;
                    tables = [];
                    _i = 0, from_1 = from;
                    _s.label = 1;
                case 1:
                    if (!(_i < from_1.length)) return [3 /*break*/, 4];
                    item = from_1[_i];
                    _b = (_a = tables).push;
                    return [4 /*yield*/, context.open(String(item.table), item)];
                case 2:
                    _b.apply(_a, [_s.sent()]);
                    _s.label = 3;
                case 3:
                    _i++;
                    return [3 /*break*/, 1];
                case 4:
                    resolver = new expr_js_1.Resolver(from.map(function (item, i) {
                        var _a;
                        return ({
                            alias: String((_a = item.as) !== null && _a !== void 0 ? _a : item.table),
                            table: tables[i].name,
                            columns: tables[i].columns,
                        });
                    }), source);
                    leftJoined = new Set();
                    from.forEach(function (item, i) {
                        if (i > 0 && JOINS[String(item.join).toUpperCase()])
                            leftJoined.add(i);
                    });
                    pushed = from.map(function () { return []; });
                    local = [];
                    for (_c = 0, _d = conjuncts(ast.where); _c < _d.length; _c++) {
                        term = _d[_c];
                        translated = resolver.toWhere(term);
                        if (translated && !leftJoined.has(translated.source)) {
                            pushed[translated.source].push(translated.where);
                        }
                        else {
                            local.push({ test: resolver.predicate(term), text: slice(source, term) });
                        }
                    }
                    joins = [];
                    from.forEach(function (item, i) {
                        var _a, _b, _c;
                        if (i === 0)
                            return;
                        var ons = conjuncts(item.on);
                        var key;
                        var extra = [];
                        for (var _i = 0, ons_1 = ons; _i < ons_1.length; _i++) {
                            var term = ons_1[_i];
                            if (!key &&
                                (term === null || term === void 0 ? void 0 : term.type) === "binary_expr" &&
                                term.operator === "=" &&
                                ((_a = term.left) === null || _a === void 0 ? void 0 : _a.type) === "column_ref" &&
                                ((_b = term.right) === null || _b === void 0 ? void 0 : _b.type) === "column_ref") {
                                var a = resolver.column(term.left);
                                var b = resolver.column(term.right);
                                if (a.source === i && b.source < i)
                                    key = { inner: a, outer: b };
                                else if (b.source === i && a.source < i)
                                    key = { inner: b, outer: a };
                                if (key)
                                    continue;
                            }
                            var translated = resolver.toWhere(term);
                            if (translated && translated.source === i) {
                                pushed[i].push(translated.where);
                            }
                            else
                                extra.push(resolver.predicate(term));
                        }
                        if (!key) {
                            throw resolver.unsupported("A JOIN without an equality between a column of the joined table and an earlier one", (_c = item.on) !== null && _c !== void 0 ? _c : item, "Write JOIN b ON b.key = a.column (more conditions may follow with AND).");
                        }
                        joins.push(__assign(__assign({ source: i, left: leftJoined.has(i) }, key), { extra: extra, text: slice(source, item.on) }));
                    });
                    aggregates = new Map();
                    items = selectItems(ast.columns, resolver, from);
                    grouped = (_o = (_m = ast.groupby) === null || _m === void 0 ? void 0 : _m.columns) !== null && _o !== void 0 ? _o : (Array.isArray(ast.groupby) ? ast.groupby : null);
                    groupBy = (grouped !== null && grouped !== void 0 ? grouped : []).map(function (node) {
                        if ((node === null || node === void 0 ? void 0 : node.type) !== "column_ref") {
                            throw resolver.unsupported("GROUP BY of an expression", node, "Group by columns.");
                        }
                        return resolver.column(node);
                    });
                    collect = function (node) {
                        if (!node || typeof node !== "object")
                            return;
                        if (node.type === "aggr_func") {
                            aggregates.set(aggregateKey(node), aggregateOf(node, resolver));
                            return;
                        }
                        for (var _i = 0, _a = Object.entries(node); _i < _a.length; _i++) {
                            var _b = _a[_i], k = _b[0], v = _b[1];
                            if (k !== "loc")
                                collect(v);
                        }
                    };
                    for (_e = 0, items_1 = items; _e < items_1.length; _e++) {
                        item = items_1[_e];
                        collect(item.node);
                    }
                    collect(ast.having);
                    for (_f = 0, _g = (_p = ast.orderby) !== null && _p !== void 0 ? _p : []; _f < _g.length; _f++) {
                        term = _g[_f];
                        collect(term.expr);
                    }
                    aggregating = aggregates.size > 0 || grouped !== null;
                    if (!aggregating && ast.having) {
                        throw resolver.invalid("HAVING without GROUP BY or an aggregate", ast.having, "Use WHERE to filter rows.");
                    }
                    _h = readLimit(ast.limit, resolver), limit = _h.limit, offset = _h.offset;
                    orderTerms = ((_q = ast.orderby) !== null && _q !== void 0 ? _q : []).map(function (term) {
                        var _a;
                        return ({
                            node: resolveOrder(term.expr, items, resolver),
                            descending: String((_a = term.type) !== null && _a !== void 0 ? _a : "ASC").toUpperCase() === "DESC",
                            text: slice(source, term.expr),
                        });
                    });
                    single = tables.length === 1 && local.length === 0 && !aggregating;
                    orderColumns = orderTerms.map(function (t) { var _a; return ((_a = t.node) === null || _a === void 0 ? void 0 : _a.type) === "column_ref" ? resolver.column(t.node) : undefined; });
                    pushOrder = single && orderColumns.every(function (c) { return c !== undefined && c.source === 0; });
                    wanted = limit === undefined ? undefined : offset + limit;
                    requests = from.map(function (_, i) { return ({
                        where: whereOf(pushed[i]),
                    }); });
                    if (pushOrder) {
                        requests[0].orderBy = orderColumns.map(function (c, i) { var _a; return "".concat(((_a = orderTerms[i]) === null || _a === void 0 ? void 0 : _a.descending) ? "-" : "").concat(c === null || c === void 0 ? void 0 : c.column); });
                        requests[0].limit = wanted;
                    }
                    tuples = function (signal) {
                        return readTuples(tables, requests, joins, local, context, signal);
                    };
                    if (!aggregating) {
                        for (_j = 0, items_2 = items; _j < items_2.length; _j++) {
                            item = items_2[_j];
                            if (((_r = item.node) === null || _r === void 0 ? void 0 : _r.type) !== "column_ref" && !resolver.literal(item.node)) {
                                throw resolver.unsupported((0, expr_js_1.describeConstruct)(item.node), item.node, "Select columns, constants and COUNT/SUM/MIN/MAX/AVG.");
                            }
                        }
                        value_1 = function (node) { return readValue(node, resolver); };
                        projections_1 = items.map(function (item) { return [item.name, value_1(item.node)]; });
                        keys_1 = orderTerms.map(function (t) { return ({
                            get: value_1(t.node),
                            type: typeOf(t.node, resolver),
                            descending: t.descending,
                        }); });
                        project_1 = function (t) {
                            var _a;
                            var out = {};
                            for (var _i = 0, projections_2 = projections_1; _i < projections_2.length; _i++) {
                                var _b = projections_2[_i], name_1 = _b[0], get = _b[1];
                                out[name_1] = (_a = get(t)) !== null && _a !== void 0 ? _a : null;
                            }
                            return out;
                        };
                        return [2 /*return*/, {
                                columns: items.map(function (i) { return i.meta; }),
                                rows: function (signal) {
                                    return __asyncGenerator(this, arguments, function rows_1() {
                                        var top_1, _a, _b, _c, t, e_1_1, skipped, _i, _d, t, index, emitted, _e, _f, _g, t, e_2_1;
                                        var _h, e_1, _j, _k, _l, e_2, _m, _o;
                                        return __generator(this, function (_p) {
                                            switch (_p.label) {
                                                case 0:
                                                    if (!(limit === 0)) return [3 /*break*/, 2];
                                                    return [4 /*yield*/, __await(void 0)];
                                                case 1: return [2 /*return*/, _p.sent()];
                                                case 2:
                                                    if (!(orderTerms.length > 0 && !pushOrder)) return [3 /*break*/, 21];
                                                    top_1 = new TopN(function (a, b) { return compareKeys(keys_1, a, b); }, wanted);
                                                    _p.label = 3;
                                                case 3:
                                                    _p.trys.push([3, 8, 9, 14]);
                                                    _a = true, _b = __asyncValues(tuples(signal));
                                                    _p.label = 4;
                                                case 4: return [4 /*yield*/, __await(_b.next())];
                                                case 5:
                                                    if (!(_c = _p.sent(), _h = _c.done, !_h)) return [3 /*break*/, 7];
                                                    _k = _c.value;
                                                    _a = false;
                                                    t = _k;
                                                    top_1.add(t);
                                                    _p.label = 6;
                                                case 6:
                                                    _a = true;
                                                    return [3 /*break*/, 4];
                                                case 7: return [3 /*break*/, 14];
                                                case 8:
                                                    e_1_1 = _p.sent();
                                                    e_1 = { error: e_1_1 };
                                                    return [3 /*break*/, 14];
                                                case 9:
                                                    _p.trys.push([9, , 12, 13]);
                                                    if (!(!_a && !_h && (_j = _b.return))) return [3 /*break*/, 11];
                                                    return [4 /*yield*/, __await(_j.call(_b))];
                                                case 10:
                                                    _p.sent();
                                                    _p.label = 11;
                                                case 11: return [3 /*break*/, 13];
                                                case 12:
                                                    if (e_1) throw e_1.error;
                                                    return [7 /*endfinally*/];
                                                case 13: return [7 /*endfinally*/];
                                                case 14:
                                                    skipped = 0;
                                                    _i = 0, _d = top_1.rows();
                                                    _p.label = 15;
                                                case 15:
                                                    if (!(_i < _d.length)) return [3 /*break*/, 19];
                                                    t = _d[_i];
                                                    if (skipped++ < offset)
                                                        return [3 /*break*/, 18];
                                                    return [4 /*yield*/, __await(project_1(t))];
                                                case 16: return [4 /*yield*/, _p.sent()];
                                                case 17:
                                                    _p.sent();
                                                    _p.label = 18;
                                                case 18:
                                                    _i++;
                                                    return [3 /*break*/, 15];
                                                case 19: return [4 /*yield*/, __await(void 0)];
                                                case 20: return [2 /*return*/, _p.sent()];
                                                case 21:
                                                    index = 0;
                                                    emitted = 0;
                                                    _p.label = 22;
                                                case 22:
                                                    _p.trys.push([22, 30, 31, 36]);
                                                    _e = true, _f = __asyncValues(tuples(signal));
                                                    _p.label = 23;
                                                case 23: return [4 /*yield*/, __await(_f.next())];
                                                case 24:
                                                    if (!(_g = _p.sent(), _l = _g.done, !_l)) return [3 /*break*/, 29];
                                                    _o = _g.value;
                                                    _e = false;
                                                    t = _o;
                                                    if (index++ < offset)
                                                        return [3 /*break*/, 28];
                                                    return [4 /*yield*/, __await(project_1(t))];
                                                case 25: return [4 /*yield*/, _p.sent()];
                                                case 26:
                                                    _p.sent();
                                                    if (!(limit !== undefined && ++emitted >= limit)) return [3 /*break*/, 28];
                                                    return [4 /*yield*/, __await(void 0)];
                                                case 27: return [2 /*return*/, _p.sent()];
                                                case 28:
                                                    _e = true;
                                                    return [3 /*break*/, 23];
                                                case 29: return [3 /*break*/, 36];
                                                case 30:
                                                    e_2_1 = _p.sent();
                                                    e_2 = { error: e_2_1 };
                                                    return [3 /*break*/, 36];
                                                case 31:
                                                    _p.trys.push([31, , 34, 35]);
                                                    if (!(!_e && !_l && (_m = _f.return))) return [3 /*break*/, 33];
                                                    return [4 /*yield*/, __await(_m.call(_f))];
                                                case 32:
                                                    _p.sent();
                                                    _p.label = 33;
                                                case 33: return [3 /*break*/, 35];
                                                case 34:
                                                    if (e_2) throw e_2.error;
                                                    return [7 /*endfinally*/];
                                                case 35: return [7 /*endfinally*/];
                                                case 36: return [2 /*return*/];
                                            }
                                        });
                                    });
                                },
                                explain: function () { return __awaiter(_this, void 0, void 0, function () {
                                    var _a;
                                    return __generator(this, function (_b) {
                                        switch (_b.label) {
                                            case 0:
                                                _a = [[]];
                                                return [4 /*yield*/, explainReads(tables, requests, resolver, joins)];
                                            case 1: return [2 /*return*/, __spreadArray.apply(void 0, [__spreadArray.apply(void 0, [__spreadArray.apply(void 0, [__spreadArray.apply(void 0, _a.concat([(_b.sent()), true])), local.map(function (l) { return "local filter: ".concat(l.text); }), true]), (orderTerms.length > 0 && !pushOrder
                                                            ? [
                                                                "local order: ".concat(orderTerms.map(function (t) { return "".concat(t.text).concat(t.descending ? " DESC" : ""); }).join(", ")).concat(wanted !== undefined ? " (keeps the top ".concat(wanted, " rows)") : " (keeps every row)"),
                                                            ]
                                                            : []), true]), (offset > 0 || limit !== undefined
                                                        ? ["local: offset ".concat(offset).concat(limit !== undefined ? ", limit ".concat(limit) : "")]
                                                        : []), true])];
                                        }
                                    });
                                }); },
                            }];
                    }
                    // Aggregation: one entry per group, whatever the number of rows.
                    for (_k = 0, items_3 = items; _k < items_3.length; _k++) {
                        item = items_3[_k];
                        checkGrouped(item.node, groupBy, resolver);
                    }
                    aggList = __spreadArray([], aggregates.values(), true);
                    groupValue = function (node, group) {
                        if ((node === null || node === void 0 ? void 0 : node.type) === "aggr_func")
                            return group.results[aggList.findIndex(function (a) { return a.key === aggregateKey(node); })];
                        if ((node === null || node === void 0 ? void 0 : node.type) === "column_ref") {
                            var ref_1 = resolver.column(node);
                            var at = groupBy.findIndex(function (g) { return g.source === ref_1.source && g.column === ref_1.column; });
                            if (at < 0)
                                throw resolver.invalid("\"".concat((0, expr_js_1.columnName)(node), "\" is neither grouped nor aggregated"), node, "Add it to GROUP BY, or wrap it in an aggregate.");
                            return group.keys[at];
                        }
                        var literal = resolver.literal(node);
                        if (literal)
                            return literal.value;
                        throw resolver.unsupported((0, expr_js_1.describeConstruct)(node), node, "Use columns of GROUP BY, aggregates and constants here.");
                    };
                    having = ast.having ? groupPredicate(ast.having, groupValue, resolver) : undefined;
                    for (_l = 0, orderTerms_1 = orderTerms; _l < orderTerms_1.length; _l++) {
                        t = orderTerms_1[_l];
                        checkGrouped(t.node, groupBy, resolver);
                    }
                    return [2 /*return*/, {
                            columns: items.map(function (i) { return i.meta; }),
                            rows: function (signal) {
                                return __asyncGenerator(this, arguments, function rows_2() {
                                    var groups, _loop_1, _a, _b, _c, e_3_1, out, _i, _d, g, group, end, _e, _f, group, row, _g, items_4, item;
                                    var _h, e_3, _j, _k;
                                    var _l;
                                    return __generator(this, function (_m) {
                                        switch (_m.label) {
                                            case 0:
                                                groups = new Map();
                                                _m.label = 1;
                                            case 1:
                                                _m.trys.push([1, 6, 7, 12]);
                                                _loop_1 = function () {
                                                    _k = _c.value;
                                                    _a = false;
                                                    var t = _k;
                                                    var keys = groupBy.map(function (g) { var _a, _b; return (_b = (_a = t[g.source]) === null || _a === void 0 ? void 0 : _a[g.column]) !== null && _b !== void 0 ? _b : null; });
                                                    var id = JSON.stringify(keys.map(function (k) { return (k === null ? null : String(k)); }));
                                                    var group = groups.get(id);
                                                    if (!group) {
                                                        group = { keys: keys, acc: aggList.map(function (a) { return new Accumulator(a); }) };
                                                        groups.set(id, group);
                                                    }
                                                    for (var _o = 0, _p = group.acc; _o < _p.length; _o++) {
                                                        var acc = _p[_o];
                                                        acc.add(t);
                                                    }
                                                };
                                                _a = true, _b = __asyncValues(tuples(signal));
                                                _m.label = 2;
                                            case 2: return [4 /*yield*/, __await(_b.next())];
                                            case 3:
                                                if (!(_c = _m.sent(), _h = _c.done, !_h)) return [3 /*break*/, 5];
                                                _loop_1();
                                                _m.label = 4;
                                            case 4:
                                                _a = true;
                                                return [3 /*break*/, 2];
                                            case 5: return [3 /*break*/, 12];
                                            case 6:
                                                e_3_1 = _m.sent();
                                                e_3 = { error: e_3_1 };
                                                return [3 /*break*/, 12];
                                            case 7:
                                                _m.trys.push([7, , 10, 11]);
                                                if (!(!_a && !_h && (_j = _b.return))) return [3 /*break*/, 9];
                                                return [4 /*yield*/, __await(_j.call(_b))];
                                            case 8:
                                                _m.sent();
                                                _m.label = 9;
                                            case 9: return [3 /*break*/, 11];
                                            case 10:
                                                if (e_3) throw e_3.error;
                                                return [7 /*endfinally*/];
                                            case 11: return [7 /*endfinally*/];
                                            case 12:
                                                if (groups.size === 0 && groupBy.length === 0) {
                                                    groups.set("[]", { keys: [], acc: aggList.map(function (a) { return new Accumulator(a); }) });
                                                }
                                                out = [];
                                                for (_i = 0, _d = groups.values(); _i < _d.length; _i++) {
                                                    g = _d[_i];
                                                    group = { keys: g.keys, results: g.acc.map(function (a) { return a.result(); }) };
                                                    if (!having || having(group))
                                                        out.push(group);
                                                }
                                                if (orderTerms.length > 0) {
                                                    out.sort(function (a, b) {
                                                        for (var _i = 0, orderTerms_2 = orderTerms; _i < orderTerms_2.length; _i++) {
                                                            var term = orderTerms_2[_i];
                                                            var c = nullsLast(groupValue(term.node, a), groupValue(term.node, b), term.descending);
                                                            if (c !== 0)
                                                                return c;
                                                        }
                                                        return 0;
                                                    });
                                                }
                                                end = limit === undefined ? out.length : offset + limit;
                                                _e = 0, _f = out.slice(offset, end);
                                                _m.label = 13;
                                            case 13:
                                                if (!(_e < _f.length)) return [3 /*break*/, 17];
                                                group = _f[_e];
                                                row = {};
                                                for (_g = 0, items_4 = items; _g < items_4.length; _g++) {
                                                    item = items_4[_g];
                                                    row[item.name] = (_l = groupValue(item.node, group)) !== null && _l !== void 0 ? _l : null;
                                                }
                                                return [4 /*yield*/, __await(row)];
                                            case 14: return [4 /*yield*/, _m.sent()];
                                            case 15:
                                                _m.sent();
                                                _m.label = 16;
                                            case 16:
                                                _e++;
                                                return [3 /*break*/, 13];
                                            case 17: return [2 /*return*/];
                                        }
                                    });
                                });
                            },
                            explain: function () { return __awaiter(_this, void 0, void 0, function () {
                                var _a;
                                return __generator(this, function (_b) {
                                    switch (_b.label) {
                                        case 0:
                                            _a = [[]];
                                            return [4 /*yield*/, explainReads(tables, requests, resolver, joins)];
                                        case 1: return [2 /*return*/, __spreadArray.apply(void 0, [__spreadArray.apply(void 0, [__spreadArray.apply(void 0, [__spreadArray.apply(void 0, [__spreadArray.apply(void 0, _a.concat([(_b.sent()), true])), local.map(function (l) { return "local filter: ".concat(l.text); }), true]), [
                                                            "local aggregate: ".concat(groupBy.length ? "GROUP BY ".concat(groupBy.map(function (g) { return g.column; }).join(", ")) : "one group", " (keeps one entry per group)").concat(ast.having ? ", HAVING ".concat(slice(source, ast.having)) : "")
                                                        ], false]), (orderTerms.length
                                                        ? [
                                                            "local order of the groups: ".concat(orderTerms.map(function (t) { return "".concat(t.text).concat(t.descending ? " DESC" : ""); }).join(", ")),
                                                        ]
                                                        : []), true]), (offset > 0 || limit !== undefined
                                                    ? ["local: offset ".concat(offset).concat(limit !== undefined ? ", limit ".concat(limit) : "")]
                                                    : []), true])];
                                    }
                                });
                            }); },
                        }];
            }
        });
    });
}
function refuse(ast, r) {
    var _a, _b, _c, _d, _e;
    var where = function (what, node, hint) {
        throw r.unsupported(what, node !== null && node !== void 0 ? node : ast, hint);
    };
    if (ast.with)
        where("WITH", ast.with, "Write the query without a common table expression.");
    if (ast._next || ast.set_op)
        where("".concat(String((_a = ast.set_op) !== null && _a !== void 0 ? _a : "UNION").toUpperCase()), ast._next, "Run each SELECT on its own.");
    if (ast.distinct)
        where("SELECT DISTINCT", (_c = (_b = ast.columns) === null || _b === void 0 ? void 0 : _b[0]) === null || _c === void 0 ? void 0 : _c.expr, "Use GROUP BY on the columns instead.");
    if (ast.window)
        where("WINDOW", ast, "Window functions are not supported.");
    if (!Array.isArray(ast.from) || ast.from.length === 0) {
        where("SELECT without FROM", (_e = (_d = ast.columns) === null || _d === void 0 ? void 0 : _d[0]) === null || _e === void 0 ? void 0 : _e.expr, "Select from a table, or from sys_tables.");
    }
    ast.from.forEach(function (item, i) {
        var _a, _b;
        if (item.expr)
            where("A subquery in FROM", (_b = (_a = item.expr) === null || _a === void 0 ? void 0 : _a.ast) !== null && _b !== void 0 ? _b : item, "Select from tables of the connection.");
        if (i > 0 && !item.join)
            where("A comma join (cross join)", item, "Write JOIN … ON a.key = b.column.");
        if (i > 0 && !(String(item.join).toUpperCase() in JOINS)) {
            where(String(item.join).toUpperCase(), item, "INNER JOIN and LEFT JOIN are supported.");
        }
        if (item.using)
            where("JOIN … USING", item, "Write ON a.column = b.column.");
    });
}
function conjuncts(node) {
    if (!node)
        return [];
    if (node.type === "binary_expr" && node.operator === "AND")
        return __spreadArray(__spreadArray([], conjuncts(node.left), true), conjuncts(node.right), true);
    return [node];
}
function whereOf(terms) {
    if (terms.length === 0)
        return undefined;
    return terms.length === 1 ? terms[0] : { AND: terms };
}
function selectItems(columns, resolver, from) {
    var _a;
    var items = [];
    var taken = new Set();
    var name = function (wanted, fallback) {
        var chosen = taken.has(wanted) ? fallback : wanted;
        taken.add(chosen);
        return chosen;
    };
    var _loop_2 = function (column) {
        var e = column.expr;
        if ((e === null || e === void 0 ? void 0 : e.type) === "column_ref" && (0, expr_js_1.columnName)(e) === "*") {
            resolver.scopes.forEach(function (scope, source) {
                if (e.table && !(0, expr_js_1.sameName)(e.table, scope.alias) && !(0, expr_js_1.sameName)(e.table, scope.table))
                    return;
                for (var _i = 0, _a = Object.entries(scope.columns); _i < _a.length; _i++) {
                    var _b = _a[_i], col = _b[0], declaration = _b[1];
                    var node = { type: "column_ref", table: scope.alias, column: col, loc: e.loc };
                    items.push({
                        name: name(col, "".concat(scope.alias, ".").concat(col)),
                        node: node,
                        meta: meta(col, declaration, scope.table),
                    });
                    void source;
                }
            });
            if (e.table &&
                !resolver.scopes.some(function (s) { return (0, expr_js_1.sameName)(e.table, s.alias) || (0, expr_js_1.sameName)(e.table, s.table); })) {
                resolver.column(e); // throws the unknown-table error
            }
            return "continue";
        }
        var alias = typeof column.as === "string" ? column.as : undefined;
        if ((e === null || e === void 0 ? void 0 : e.type) === "column_ref") {
            var ref = resolver.column(e);
            var scope = resolver.scopes[ref.source];
            items.push({
                name: name(alias !== null && alias !== void 0 ? alias : ref.column, alias !== null && alias !== void 0 ? alias : "".concat(scope === null || scope === void 0 ? void 0 : scope.alias, ".").concat(ref.column)),
                node: e,
                meta: __assign(__assign({}, meta(ref.column, ref.declaration, (_a = scope === null || scope === void 0 ? void 0 : scope.table) !== null && _a !== void 0 ? _a : "")), { name: "" }),
            });
        }
        else if ((e === null || e === void 0 ? void 0 : e.type) === "aggr_func") {
            var agg = aggregateOf(e, resolver);
            var text = "".concat(agg.fn, "(").concat(agg.distinct ? "DISTINCT " : "").concat(agg.arg === "*" ? "*" : agg.arg.column, ")");
            items.push({
                name: name(alias !== null && alias !== void 0 ? alias : text, "".concat(text, "_").concat(items.length + 1)),
                node: e,
                meta: { name: "", type: aggregateType(agg) },
            });
        }
        else {
            var literal = resolver.literal(e);
            if (!literal) {
                throw resolver.unsupported((0, expr_js_1.describeConstruct)(e), e, "Select columns, constants and COUNT/SUM/MIN/MAX/AVG.");
            }
            var v = literal.value;
            items.push({
                name: name(alias !== null && alias !== void 0 ? alias : "column".concat(items.length + 1), "column".concat(items.length + 1)),
                node: e,
                meta: {
                    name: "",
                    type: typeof v === "number" ? "decimal" : typeof v === "boolean" ? "boolean" : "string",
                },
            });
        }
        var last = items[items.length - 1];
        last.meta.name = last.name;
    };
    for (var _i = 0, columns_1 = columns; _i < columns_1.length; _i++) {
        var column = columns_1[_i];
        _loop_2(column);
    }
    void from;
    return items;
}
function meta(name, declaration, table) {
    return { name: name, type: declaration.type, table: table, column: name };
}
function aggregateKey(node) {
    return JSON.stringify(node, function (k, v) { return (k === "loc" || k === "pos" ? undefined : v); });
}
function aggregateOf(node, resolver) {
    var _a, _b;
    var fn = String(node.name).toUpperCase();
    if (!AGGREGATES.has(fn)) {
        throw resolver.unsupported("The aggregate ".concat(fn, "()"), node, "Use COUNT, SUM, MIN, MAX or AVG.");
    }
    if (node.over)
        throw resolver.unsupported("OVER (window functions)", node, "Use GROUP BY.");
    var expr = (_a = node.args) === null || _a === void 0 ? void 0 : _a.expr;
    var distinct = Boolean((_b = node.args) === null || _b === void 0 ? void 0 : _b.distinct);
    if ((expr === null || expr === void 0 ? void 0 : expr.type) === "star") {
        if (fn !== "COUNT")
            throw resolver.invalid("".concat(fn, "(*) has no meaning"), node, "Write ".concat(fn, "(column)."));
        return { key: aggregateKey(node), fn: "COUNT", arg: "*", distinct: distinct };
    }
    if ((expr === null || expr === void 0 ? void 0 : expr.type) !== "column_ref") {
        throw resolver.unsupported("".concat(fn, "() of an expression"), expr !== null && expr !== void 0 ? expr : node, "Write ".concat(fn, "(column)."));
    }
    var arg = resolver.column(expr);
    if ((fn === "SUM" || fn === "AVG") &&
        arg.declaration.type !== "integer" &&
        arg.declaration.type !== "decimal") {
        throw resolver.invalid("".concat(fn, "(").concat(arg.column, "): ").concat(arg.column, " is a ").concat(arg.declaration.type, " column"), expr, "".concat(fn, " adds numbers; use COUNT, MIN or MAX."));
    }
    return { key: aggregateKey(node), fn: fn, arg: arg, distinct: distinct };
}
function aggregateType(a) {
    if (a.fn === "COUNT")
        return "integer";
    if (a.fn === "AVG")
        return "decimal";
    if (a.arg === "*")
        return "integer";
    return a.fn === "SUM" ? a.arg.declaration.type : a.arg.declaration.type;
}
var Accumulator = /** @class */ (function () {
    function Accumulator(a) {
        _Accumulator_a.set(this, void 0);
        _Accumulator_count.set(this, 0);
        _Accumulator_sum.set(this, 0);
        _Accumulator_best.set(this, null);
        _Accumulator_seen.set(this, void 0);
        __classPrivateFieldSet(this, _Accumulator_a, a, "f");
        __classPrivateFieldSet(this, _Accumulator_seen, a.distinct ? new Set() : undefined, "f");
    }
    Accumulator.prototype.add = function (t) {
        var _a;
        var a = __classPrivateFieldGet(this, _Accumulator_a, "f");
        if (a.arg === "*") {
            __classPrivateFieldSet(this, _Accumulator_count, __classPrivateFieldGet(this, _Accumulator_count, "f") + 1, "f");
            return;
        }
        var raw = (_a = t[a.arg.source]) === null || _a === void 0 ? void 0 : _a[a.arg.column];
        if (raw === null || raw === undefined)
            return;
        if (__classPrivateFieldGet(this, _Accumulator_seen, "f")) {
            var id = String(raw);
            if (__classPrivateFieldGet(this, _Accumulator_seen, "f").has(id))
                return;
            __classPrivateFieldGet(this, _Accumulator_seen, "f").add(id);
        }
        __classPrivateFieldSet(this, _Accumulator_count, __classPrivateFieldGet(this, _Accumulator_count, "f") + 1, "f");
        if (a.fn === "SUM" || a.fn === "AVG") {
            var n = typeof raw === "number" ? raw : Number(raw);
            if (!Number.isNaN(n))
                __classPrivateFieldSet(this, _Accumulator_sum, __classPrivateFieldGet(this, _Accumulator_sum, "f") + n, "f");
        }
        else if (a.fn === "MIN" || a.fn === "MAX") {
            var c = __classPrivateFieldGet(this, _Accumulator_best, "f") === null ? undefined : (0, expr_js_1.compareValues)(a.arg.declaration, raw, __classPrivateFieldGet(this, _Accumulator_best, "f"));
            if (__classPrivateFieldGet(this, _Accumulator_best, "f") === null || (c !== undefined && (a.fn === "MIN" ? c < 0 : c > 0)))
                __classPrivateFieldSet(this, _Accumulator_best, raw, "f");
        }
    };
    Accumulator.prototype.result = function () {
        switch (__classPrivateFieldGet(this, _Accumulator_a, "f").fn) {
            case "COUNT":
                return __classPrivateFieldGet(this, _Accumulator_count, "f");
            case "SUM":
                return __classPrivateFieldGet(this, _Accumulator_count, "f") === 0 ? null : __classPrivateFieldGet(this, _Accumulator_sum, "f");
            case "AVG":
                return __classPrivateFieldGet(this, _Accumulator_count, "f") === 0 ? null : __classPrivateFieldGet(this, _Accumulator_sum, "f") / __classPrivateFieldGet(this, _Accumulator_count, "f");
            default:
                return __classPrivateFieldGet(this, _Accumulator_best, "f");
        }
    };
    return Accumulator;
}());
_Accumulator_a = new WeakMap(), _Accumulator_count = new WeakMap(), _Accumulator_sum = new WeakMap(), _Accumulator_best = new WeakMap(), _Accumulator_seen = new WeakMap();
function checkGrouped(node, groupBy, resolver) {
    if ((node === null || node === void 0 ? void 0 : node.type) !== "column_ref")
        return;
    var ref = resolver.column(node);
    if (!groupBy.some(function (g) { return g.source === ref.source && g.column === ref.column; })) {
        throw resolver.invalid("\"".concat(ref.column, "\" is neither grouped nor aggregated"), node, "Add it to GROUP BY, or wrap it in an aggregate.");
    }
}
function groupPredicate(node, value, resolver) {
    var _a;
    if ((node === null || node === void 0 ? void 0 : node.type) === "binary_expr" && (node.operator === "AND" || node.operator === "OR")) {
        var l_1 = groupPredicate(node.left, value, resolver);
        var r_1 = groupPredicate(node.right, value, resolver);
        return node.operator === "AND" ? function (g) { return l_1(g) && r_1(g); } : function (g) { return l_1(g) || r_1(g); };
    }
    var negated = (0, expr_js_1.notOperand)(node);
    if (negated) {
        var inner_1 = groupPredicate(negated, value, resolver);
        return function (g) { return !inner_1(g); };
    }
    var ops = {
        "=": function (c) { return c === 0; },
        "<>": function (c) { return c !== 0; },
        "!=": function (c) { return c !== 0; },
        ">": function (c) { return c > 0; },
        ">=": function (c) { return c >= 0; },
        "<": function (c) { return c < 0; },
        "<=": function (c) { return c <= 0; },
    };
    if ((node === null || node === void 0 ? void 0 : node.type) === "binary_expr" && ops[node.operator]) {
        var test_1 = ops[node.operator];
        return function (g) {
            var c = (0, expr_js_1.compareValues)(undefined, value(node.left, g), value(node.right, g));
            return c !== undefined && test_1(c);
        };
    }
    if ((node === null || node === void 0 ? void 0 : node.type) === "binary_expr" &&
        (node.operator === "IS" || node.operator === "IS NOT") &&
        ((_a = node.right) === null || _a === void 0 ? void 0 : _a.type) === "null") {
        return function (g) { return (value(node.left, g) === null) === (node.operator === "IS"); };
    }
    throw resolver.unsupported((0, expr_js_1.describeConstruct)(node), node, "HAVING compares aggregates and grouped columns with =, <>, <, <=, >, >=, IS NULL, AND, OR, NOT.");
}
function readLimit(limit, resolver) {
    var _a;
    var values = ((_a = limit === null || limit === void 0 ? void 0 : limit.value) !== null && _a !== void 0 ? _a : []);
    if (values.length === 0)
        return { limit: undefined, offset: 0 };
    var read = function (node) {
        var _a;
        var v = (_a = resolver.literal(node)) === null || _a === void 0 ? void 0 : _a.value;
        if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
            throw resolver.invalid("LIMIT and OFFSET take whole numbers (0 or more), not ".concat(JSON.stringify(v !== null && v !== void 0 ? v : (0, expr_js_1.describeConstruct)(node))), node, "Write LIMIT 10 OFFSET 20.");
        }
        return v;
    };
    if (values.length === 1)
        return { limit: read(values[0]), offset: 0 };
    return limit.seperator === ","
        ? { offset: read(values[0]), limit: read(values[1]) }
        : { limit: read(values[0]), offset: read(values[1]) };
}
function resolveOrder(node, items, resolver) {
    var _a;
    var literal = resolver.literal(node);
    if (literal && typeof literal.value === "number" && node.type === "number") {
        var item = items[literal.value - 1];
        if (!item)
            throw resolver.invalid("ORDER BY ".concat(literal.value, ": the select list has ").concat(items.length, " columns"), node, "Order by a column name or a position from 1.");
        return item.node;
    }
    if ((node === null || node === void 0 ? void 0 : node.type) === "column_ref" && !node.table) {
        var item = items.find(function (i) { return (0, expr_js_1.sameName)(i.name, (0, expr_js_1.columnName)(node)); });
        if (item && ((_a = item.node) === null || _a === void 0 ? void 0 : _a.type) !== "column_ref")
            return item.node;
        if (item)
            return item.node;
    }
    return node;
}
function readValue(node, resolver) {
    if ((node === null || node === void 0 ? void 0 : node.type) === "column_ref") {
        var ref_2 = resolver.column(node);
        return function (t) { var _a; return (_a = t[ref_2.source]) === null || _a === void 0 ? void 0 : _a[ref_2.column]; };
    }
    var literal = resolver.literal(node);
    if (literal)
        return function () { return literal.value; };
    throw resolver.unsupported((0, expr_js_1.describeConstruct)(node), node, "Order by columns of the tables, or by select list positions.");
}
function typeOf(node, resolver) {
    return (node === null || node === void 0 ? void 0 : node.type) === "column_ref" ? resolver.column(node).declaration : undefined;
}
function compareKeys(keys, a, b) {
    for (var _i = 0, keys_2 = keys; _i < keys_2.length; _i++) {
        var key = keys_2[_i];
        var c = nullsLast(key.get(a), key.get(b), key.descending, key.type);
        if (c !== 0)
            return c;
    }
    return 0;
}
/** Sort order with nulls last in both directions, as the tables listing sorts. */
function nullsLast(a, b, descending, type) {
    var _a;
    var an = a === null || a === undefined;
    var bn = b === null || b === undefined;
    if (an || bn)
        return an === bn ? 0 : an ? 1 : -1;
    var c = (_a = (0, expr_js_1.compareValues)(type, a, b)) !== null && _a !== void 0 ? _a : 0;
    return descending ? -c : c;
}
/** Rows read from the first table, joined, filtered locally. */
function readTuples(tables, requests, joins, local, context, signal) {
    return __asyncGenerator(this, arguments, function readTuples_1() {
        var maps, _i, joins_1, join, map, table, _a, _b, _c, row, key, id, bucket, e_4_1, first, _d, _e, _f, row, e_5_1;
        var _g, e_4, _h, _j, _k, e_5, _l, _m;
        var _o, _p;
        return __generator(this, function (_q) {
            switch (_q.label) {
                case 0:
                    maps = [];
                    _i = 0, joins_1 = joins;
                    _q.label = 1;
                case 1:
                    if (!(_i < joins_1.length)) return [3 /*break*/, 15];
                    join = joins_1[_i];
                    map = new Map();
                    table = tables[join.source];
                    _q.label = 2;
                case 2:
                    _q.trys.push([2, 7, 8, 13]);
                    _a = true, _b = (e_4 = void 0, __asyncValues(table.rows(__assign(__assign({}, requests[join.source]), { signal: signal }))));
                    _q.label = 3;
                case 3: return [4 /*yield*/, __await(_b.next())];
                case 4:
                    if (!(_c = _q.sent(), _g = _c.done, !_g)) return [3 /*break*/, 6];
                    _j = _c.value;
                    _a = false;
                    row = _j;
                    (_o = context.onRow) === null || _o === void 0 ? void 0 : _o.call(context, table.name);
                    key = row[join.inner.column];
                    if (key === null || key === undefined)
                        return [3 /*break*/, 5];
                    id = String(key);
                    bucket = map.get(id);
                    if (bucket)
                        bucket.push(row);
                    else
                        map.set(id, [row]);
                    _q.label = 5;
                case 5:
                    _a = true;
                    return [3 /*break*/, 3];
                case 6: return [3 /*break*/, 13];
                case 7:
                    e_4_1 = _q.sent();
                    e_4 = { error: e_4_1 };
                    return [3 /*break*/, 13];
                case 8:
                    _q.trys.push([8, , 11, 12]);
                    if (!(!_a && !_g && (_h = _b.return))) return [3 /*break*/, 10];
                    return [4 /*yield*/, __await(_h.call(_b))];
                case 9:
                    _q.sent();
                    _q.label = 10;
                case 10: return [3 /*break*/, 12];
                case 11:
                    if (e_4) throw e_4.error;
                    return [7 /*endfinally*/];
                case 12: return [7 /*endfinally*/];
                case 13:
                    maps.push(map);
                    _q.label = 14;
                case 14:
                    _i++;
                    return [3 /*break*/, 1];
                case 15:
                    first = tables[0];
                    _q.label = 16;
                case 16:
                    _q.trys.push([16, 23, 24, 29]);
                    _d = true, _e = __asyncValues(first.rows(__assign(__assign({}, requests[0]), { signal: signal })));
                    _q.label = 17;
                case 17: return [4 /*yield*/, __await(_e.next())];
                case 18:
                    if (!(_f = _q.sent(), _k = _f.done, !_k)) return [3 /*break*/, 22];
                    _m = _f.value;
                    _d = false;
                    row = _m;
                    (_p = context.onRow) === null || _p === void 0 ? void 0 : _p.call(context, first.name);
                    return [5 /*yield**/, __values(__asyncDelegator(__asyncValues(extend([row], 0, joins, maps, local))))];
                case 19: return [4 /*yield*/, __await.apply(void 0, [_q.sent()])];
                case 20:
                    _q.sent();
                    _q.label = 21;
                case 21:
                    _d = true;
                    return [3 /*break*/, 17];
                case 22: return [3 /*break*/, 29];
                case 23:
                    e_5_1 = _q.sent();
                    e_5 = { error: e_5_1 };
                    return [3 /*break*/, 29];
                case 24:
                    _q.trys.push([24, , 27, 28]);
                    if (!(!_d && !_k && (_l = _e.return))) return [3 /*break*/, 26];
                    return [4 /*yield*/, __await(_l.call(_e))];
                case 25:
                    _q.sent();
                    _q.label = 26;
                case 26: return [3 /*break*/, 28];
                case 27:
                    if (e_5) throw e_5.error;
                    return [7 /*endfinally*/];
                case 28: return [7 /*endfinally*/];
                case 29: return [2 /*return*/];
            }
        });
    });
}
function extend(tuple, index, joins, maps, local) {
    var join, key, candidates, matched, _loop_3, _i, candidates_1, candidate;
    var _a, _b, _c;
    return __generator(this, function (_d) {
        switch (_d.label) {
            case 0:
                if (!(index === joins.length)) return [3 /*break*/, 3];
                if (!local.every(function (l) { return l.test(tuple); })) return [3 /*break*/, 2];
                return [4 /*yield*/, tuple];
            case 1:
                _d.sent();
                _d.label = 2;
            case 2: return [2 /*return*/];
            case 3:
                join = joins[index];
                key = (_a = tuple[join.outer.source]) === null || _a === void 0 ? void 0 : _a[join.outer.column];
                candidates = key === null || key === undefined ? [] : ((_c = (_b = maps[index]) === null || _b === void 0 ? void 0 : _b.get(String(key))) !== null && _c !== void 0 ? _c : []);
                matched = false;
                _loop_3 = function (candidate) {
                    var next;
                    return __generator(this, function (_e) {
                        switch (_e.label) {
                            case 0:
                                next = __spreadArray(__spreadArray([], tuple, true), [candidate], false);
                                if (!join.extra.every(function (test) { return test(next); }))
                                    return [2 /*return*/, "continue"];
                                matched = true;
                                return [5 /*yield**/, __values(extend(next, index + 1, joins, maps, local))];
                            case 1:
                                _e.sent();
                                return [2 /*return*/];
                        }
                    });
                };
                _i = 0, candidates_1 = candidates;
                _d.label = 4;
            case 4:
                if (!(_i < candidates_1.length)) return [3 /*break*/, 7];
                candidate = candidates_1[_i];
                return [5 /*yield**/, _loop_3(candidate)];
            case 5:
                _d.sent();
                _d.label = 6;
            case 6:
                _i++;
                return [3 /*break*/, 4];
            case 7:
                if (!(!matched && join.left)) return [3 /*break*/, 9];
                return [5 /*yield**/, __values(extend(__spreadArray(__spreadArray([], tuple, true), [undefined], false), index + 1, joins, maps, local))];
            case 8:
                _d.sent();
                _d.label = 9;
            case 9: return [2 /*return*/];
        }
    });
}
function explainReads(tables, requests, resolver, joins) {
    return __awaiter(this, void 0, void 0, function () {
        var lines, _loop_4, i, _i, joins_2, join;
        var _a, _b;
        return __generator(this, function (_c) {
            switch (_c.label) {
                case 0:
                    lines = [];
                    _loop_4 = function (i) {
                        var alias, text;
                        return __generator(this, function (_d) {
                            switch (_d.label) {
                                case 0:
                                    alias = (_a = resolver.scopes[i]) === null || _a === void 0 ? void 0 : _a.alias;
                                    return [4 /*yield*/, tables[i].explain(requests[i])];
                                case 1:
                                    text = _d.sent();
                                    lines.push.apply(lines, text.map(function (line, n) { var _a; return n === 0 && alias !== ((_a = tables[i]) === null || _a === void 0 ? void 0 : _a.name) ? "".concat(line, " (as ").concat(alias, ")") : line; }));
                                    return [2 /*return*/];
                            }
                        });
                    };
                    i = 0;
                    _c.label = 1;
                case 1:
                    if (!(i < tables.length)) return [3 /*break*/, 4];
                    return [5 /*yield**/, _loop_4(i)];
                case 2:
                    _c.sent();
                    _c.label = 3;
                case 3:
                    i++;
                    return [3 /*break*/, 1];
                case 4:
                    for (_i = 0, joins_2 = joins; _i < joins_2.length; _i++) {
                        join = joins_2[_i];
                        lines.push("local ".concat(join.left ? "LEFT JOIN" : "INNER JOIN", " ").concat((_b = resolver.scopes[join.source]) === null || _b === void 0 ? void 0 : _b.alias, " ON ").concat(join.text, " (the joined table is read once and kept by ").concat(join.inner.column, ")"));
                    }
                    return [2 /*return*/, lines];
            }
        });
    });
}
/** The first `limit` items in an order (all of them without a limit); a stable sort. */
var TopN = /** @class */ (function () {
    function TopN(compare, limit) {
        _TopN_items.set(this, []);
        _TopN_compare.set(this, void 0);
        _TopN_limit.set(this, void 0);
        __classPrivateFieldSet(this, _TopN_compare, compare, "f");
        __classPrivateFieldSet(this, _TopN_limit, limit !== null && limit !== void 0 ? limit : Number.POSITIVE_INFINITY, "f");
    }
    TopN.prototype.add = function (item) {
        var items = __classPrivateFieldGet(this, _TopN_items, "f");
        if (__classPrivateFieldGet(this, _TopN_limit, "f") === 0)
            return;
        if (__classPrivateFieldGet(this, _TopN_limit, "f") === Number.POSITIVE_INFINITY) {
            items.push(item);
            return;
        }
        if (items.length >= __classPrivateFieldGet(this, _TopN_limit, "f") && __classPrivateFieldGet(this, _TopN_compare, "f").call(this, item, items[items.length - 1]) >= 0)
            return;
        var lo = 0;
        var hi = items.length;
        while (lo < hi) {
            var mid = (lo + hi) >>> 1;
            if (__classPrivateFieldGet(this, _TopN_compare, "f").call(this, items[mid], item) <= 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        items.splice(lo, 0, item);
        if (items.length > __classPrivateFieldGet(this, _TopN_limit, "f"))
            items.pop();
    };
    TopN.prototype.rows = function () {
        return __classPrivateFieldGet(this, _TopN_limit, "f") === Number.POSITIVE_INFINITY ? __classPrivateFieldGet(this, _TopN_items, "f").sort(__classPrivateFieldGet(this, _TopN_compare, "f")) : __classPrivateFieldGet(this, _TopN_items, "f");
    };
    return TopN;
}());
_TopN_items = new WeakMap(), _TopN_compare = new WeakMap(), _TopN_limit = new WeakMap();
