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
Object.defineProperty(exports, "__esModule", { value: true });
var emulator_1 = require("@x/emulator");
var fast_check_1 = require("fast-check");
var vitest_1 = require("vitest");
var index_js_1 = require("../src/index.js");
var fixtures_js_1 = require("./fixtures.js");
var emulator;
var db;
var deals;
(0, vitest_1.beforeAll)(function () { return __awaiter(void 0, void 0, void 0, function () {
    var _a;
    return __generator(this, function (_b) {
        switch (_b.label) {
            case 0: return [4 /*yield*/, (0, emulator_1.startEmulator)({
                    datasets: { pipedrive: { deals: 180, persons: 12, organizations: 4 } },
                })];
            case 1:
                emulator = _b.sent();
                _a = index_js_1.sql;
                return [4 /*yield*/, (0, fixtures_js_1.pipedrive)(emulator)];
            case 2:
                db = _a.apply(void 0, [_b.sent()]);
                return [4 /*yield*/, (0, fixtures_js_1.pipedrive)(emulator)];
            case 3: return [4 /*yield*/, (_b.sent()).table("Deals").list({ pushdown: false }).toArray()];
            case 4:
                deals = _b.sent();
                return [2 /*return*/];
        }
    });
}); }, 120000);
(0, vitest_1.afterAll)(function () { return emulator.close(); });
var present = function (v) { return v !== null && v !== undefined; };
var words = ["pump", "deal", "PRO", "smart", "#1", "cable"];
var atom = fast_check_1.default.oneof(fast_check_1.default
    .constantFrom("open", "won", "lost")
    .map(function (s) { return ({ sql: "status = '".concat(s, "'"), test: function (r) { return r.status === s; } }); }), fast_check_1.default.constantFrom("open", "won", "lost").map(function (s) { return ({
    sql: "status <> '".concat(s, "'"),
    test: function (r) { return present(r.status) && r.status !== s; },
}); }), fast_check_1.default.integer({ min: 0, max: 50000 }).map(function (n) { return ({
    sql: "value > ".concat(n),
    test: function (r) { return typeof r.value === "number" && r.value > n; },
}); }), fast_check_1.default.integer({ min: 0, max: 50000 }).map(function (n) { return ({
    sql: "value <= ".concat(n),
    test: function (r) { return typeof r.value === "number" && r.value <= n; },
}); }), fast_check_1.default.boolean().map(function (isNull) { return ({
    sql: "probability IS ".concat(isNull ? "" : "NOT ", "NULL"),
    test: function (r) { return present(r.probability) !== isNull; },
}); }), fast_check_1.default.integer({ min: 1, max: 12 }).map(function (n) { return ({
    sql: "person_id = ".concat(n),
    test: function (r) { return present(r.person_id) && String(r.person_id) === String(n); },
}); }), fast_check_1.default.uniqueArray(fast_check_1.default.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }).map(function (ids) { return ({
    sql: "stage_id IN (".concat(ids.join(", "), ")"),
    test: function (r) { return ids.includes(r.stage_id); },
}); }), fast_check_1.default
    .integer({ min: 1, max: 5 })
    .map(function (n) { return ({ sql: "stage_id = ".concat(n), test: function (r) { return r.stage_id === n; } }); }), fast_check_1.default
    .tuple(fast_check_1.default.integer({ min: 0, max: 30000 }), fast_check_1.default.integer({ min: 0, max: 30000 }))
    .map(function (_a) {
    var a = _a[0], b = _a[1];
    return ({
        sql: "value BETWEEN ".concat(a, " AND ").concat(b),
        test: function (r) { return typeof r.value === "number" && r.value >= a && r.value <= b; },
    });
}), fast_check_1.default.constantFrom.apply(fast_check_1.default, words).map(function (w) { return ({
    sql: "title LIKE '%".concat(w, "%'"),
    test: function (r) {
        return typeof r.title === "string" && r.title.toLowerCase().includes(w.toLowerCase());
    },
}); }), fast_check_1.default.constantFrom("compact", "eco", "Smart", "x").map(function (w) { return ({
    sql: "title LIKE '".concat(w, "%'"),
    test: function (r) {
        return typeof r.title === "string" && r.title.toLowerCase().startsWith(w.toLowerCase());
    },
}); }), fast_check_1.default
    .constantFrom("open", "won")
    .map(function (s) { return ({ sql: "status NOT IN ('".concat(s, "')"), test: function (r) { return !(r.status === s); } }); }));
var clause = fast_check_1.default.letrec(function (tie) { return ({
    clause: fast_check_1.default.oneof({ depthSize: "small", withCrossShrink: true }, atom, fast_check_1.default.tuple(tie("clause"), tie("clause")).map(function (_a) {
        var a = _a[0], b = _a[1];
        return ({
            sql: "(".concat(a.sql, " AND ").concat(b.sql, ")"),
            test: function (r) { return a.test(r) && b.test(r); },
        });
    }), fast_check_1.default.tuple(tie("clause"), tie("clause")).map(function (_a) {
        var a = _a[0], b = _a[1];
        return ({
            sql: "(".concat(a.sql, " OR ").concat(b.sql, ")"),
            test: function (r) { return a.test(r) || b.test(r); },
        });
    }), tie("clause").map(function (a) { return ({ sql: "NOT (".concat(a.sql, ")"), test: function (r) { return !a.test(r); } }); })),
}); }).clause;
// Top-level conjunctions let the planner push parts down; the others stay local.
var where = fast_check_1.default.array(clause, { minLength: 1, maxLength: 3 }).map(function (parts) { return ({
    sql: parts.map(function (p) { return p.sql; }).join(" AND "),
    test: function (r) { return parts.every(function (p) { return p.test(r); }); },
}); });
(0, vitest_1.test)("generated WHERE clauses give the rows plain TypeScript finds in the full listing", function () { return __awaiter(void 0, void 0, void 0, function () {
    return __generator(this, function (_a) {
        switch (_a.label) {
            case 0: return [4 /*yield*/, fast_check_1.default.assert(fast_check_1.default.asyncProperty(where, function (w) { return __awaiter(void 0, void 0, void 0, function () {
                    var rows, expected;
                    return __generator(this, function (_a) {
                        switch (_a.label) {
                            case 0: return [4 /*yield*/, db.query("SELECT id FROM Deals WHERE ".concat(w.sql, " ORDER BY id")).toArray()];
                            case 1:
                                rows = _a.sent();
                                expected = deals
                                    .filter(w.test)
                                    .map(function (d) { return d.id; })
                                    .sort(function (a, b) { return a - b; });
                                (0, vitest_1.expect)(rows.map(function (r) { return r.id; })).toEqual(expected);
                                return [2 /*return*/];
                        }
                    });
                }); }), { numRuns: 60 })];
            case 1:
                _a.sent();
                return [2 /*return*/];
        }
    });
}); }, 300000);
