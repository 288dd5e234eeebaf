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
var __spreadArray = (this && this.__spreadArray) || function (to, from, pack) {
    if (pack || arguments.length === 2) for (var i = 0, l = from.length, ar; i < l; i++) {
        if (ar || !(i in from)) {
            if (!ar) ar = Array.prototype.slice.call(from, 0, i);
            ar[i] = from[i];
        }
    }
    return to.concat(ar || Array.prototype.slice.call(from));
};
Object.defineProperty(exports, "__esModule", { value: true });
var emulator_1 = require("@x/emulator");
var pipedriveConnector = require("@x/pipedrive");
var vitest_1 = require("vitest");
var index_js_1 = require("../src/index.js");
var fixtures_js_1 = require("./fixtures.js");
var emulator;
var pd;
var zd;
var deals;
var persons;
var tickets;
var users;
var echo = {
    name: "Echo",
    description: "Returns its arguments",
    parameters: [
        { name: "Text", required: true },
        { name: "Times", type: "integer" },
    ],
    outputs: [{ name: "Text" }],
    run: function (args) { return __awaiter(void 0, void 0, void 0, function () { var _a; return __generator(this, function (_b) {
        return [2 /*return*/, Array.from({ length: Number((_a = args.Times) !== null && _a !== void 0 ? _a : 1) }, function () { return ({ Text: args.Text }); })];
    }); }); },
};
(0, vitest_1.beforeAll)(function () { return __awaiter(void 0, void 0, void 0, function () {
    var _a, _b, all, _c, _d, _e, _f;
    return __generator(this, function (_g) {
        switch (_g.label) {
            case 0: return [4 /*yield*/, (0, emulator_1.startEmulator)({
                    datasets: {
                        pipedrive: { deals: 240, persons: 40, organizations: 6 },
                        zendesk: { tickets: 130, users: 25, organizations: 4 },
                    },
                })];
            case 1:
                emulator = _g.sent();
                _a = index_js_1.sql;
                return [4 /*yield*/, (0, fixtures_js_1.pipedrive)(emulator)];
            case 2:
                pd = _a.apply(void 0, [_g.sent(), { procedures: [echo] }]);
                _b = index_js_1.sql;
                return [4 /*yield*/, (0, fixtures_js_1.zendesk)(emulator)];
            case 3:
                zd = _b.apply(void 0, [_g.sent()]);
                all = function (conn, table) {
                    return conn.table(table).list({ pushdown: false }).toArray();
                };
                _c = all;
                return [4 /*yield*/, (0, fixtures_js_1.pipedrive)(emulator)];
            case 4: return [4 /*yield*/, _c.apply(void 0, [_g.sent(), "Deals"])];
            case 5:
                deals = _g.sent();
                _d = all;
                return [4 /*yield*/, (0, fixtures_js_1.pipedrive)(emulator)];
            case 6: return [4 /*yield*/, _d.apply(void 0, [_g.sent(), "Persons"])];
            case 7:
                persons = _g.sent();
                _e = all;
                return [4 /*yield*/, (0, fixtures_js_1.zendesk)(emulator)];
            case 8: return [4 /*yield*/, _e.apply(void 0, [_g.sent(), "Tickets"])];
            case 9:
                tickets = _g.sent();
                _f = all;
                return [4 /*yield*/, (0, fixtures_js_1.zendesk)(emulator)];
            case 10: return [4 /*yield*/, _f.apply(void 0, [_g.sent(), "Users"])];
            case 11:
                users = _g.sent();
                return [2 /*return*/];
        }
    });
}); }, 120000);
(0, vitest_1.afterAll)(function () { return emulator.close(); });
var fail = function (run) { return __awaiter(void 0, void 0, void 0, function () {
    var error_1;
    return __generator(this, function (_a) {
        switch (_a.label) {
            case 0:
                _a.trys.push([0, 2, , 3]);
                return [4 /*yield*/, run()];
            case 1:
                _a.sent();
                return [3 /*break*/, 3];
            case 2:
                error_1 = _a.sent();
                if (error_1 instanceof index_js_1.SqlError)
                    return [2 /*return*/, error_1];
                throw error_1;
            case 3: throw new Error("expected an SqlError");
        }
    });
}); };
var pick = function (row, keys) { return Object.fromEntries(keys.map(function (k) { var _a; return [k, (_a = row[k]) !== null && _a !== void 0 ? _a : null]; })); };
var num = function (v) { return (typeof v === "number" ? v : null); };
(0, vitest_1.describe)("SELECT on Pipedrive (provider filters and sort) and Zendesk (everything local)", function () {
    (0, vitest_1.test)("column lists, aliases, WHERE with pushed-down and local parts, ORDER BY, LIMIT/OFFSET", function () { return __awaiter(void 0, void 0, void 0, function () {
        var rows, expected;
        return __generator(this, function (_a) {
            switch (_a.label) {
                case 0: return [4 /*yield*/, pd
                        .query("SELECT id, title AS name, value FROM Deals WHERE status = 'won' AND value >= 10000 ORDER BY value DESC, id LIMIT 5 OFFSET 2")
                        .toArray()];
                case 1:
                    rows = _a.sent();
                    expected = deals
                        .filter(function (d) { var _a; return d.status === "won" && ((_a = num(d.value)) !== null && _a !== void 0 ? _a : -1) >= 10000; })
                        .sort(function (a, b) { return b.value - a.value || a.id - b.id; })
                        .slice(2, 7)
                        .map(function (d) { return ({ id: d.id, name: d.title, value: d.value }); });
                    (0, vitest_1.expect)(rows).toEqual(expected);
                    (0, vitest_1.expect)(rows).toHaveLength(5);
                    return [2 /*return*/];
            }
        });
    }); });
    (0, vitest_1.test)("the same constructs on Zendesk tickets: IN, IS NULL, BETWEEN, LIKE, NOT, OR", function () { return __awaiter(void 0, void 0, void 0, function () {
        var rows, expected;
        return __generator(this, function (_a) {
            switch (_a.label) {
                case 0: return [4 /*yield*/, zd
                        .query("SELECT id, status, priority FROM Tickets WHERE (status IN ('open', 'pending') OR priority IS NULL) AND NOT id BETWEEN 20 AND 40 AND subject LIKE '%REFUND%' ORDER BY id")
                        .toArray()];
                case 1:
                    rows = _a.sent();
                    expected = tickets
                        .filter(function (t) {
                        return (["open", "pending"].includes(t.status) || t.priority === null) &&
                            !(t.id >= 20 && t.id <= 40) &&
                            String(t.subject).toLowerCase().includes("refund");
                    })
                        .sort(function (a, b) { return a.id - b.id; })
                        .map(function (t) { return pick(t, ["id", "status", "priority"]); });
                    (0, vitest_1.expect)(rows).toEqual(expected);
                    (0, vitest_1.expect)(rows.length).toBeGreaterThan(0);
                    return [2 /*return*/];
            }
        });
    }); });
    (0, vitest_1.test)("LIKE patterns beyond contains / starts-with run locally, ignoring case; NOT LIKE negates", function () { return __awaiter(void 0, void 0, void 0, function () {
        var rows, expected;
        return __generator(this, function (_a) {
            switch (_a.label) {
                case 0: return [4 /*yield*/, zd
                        .query("SELECT id FROM Tickets WHERE subject LIKE '%_ question' AND subject NOT LIKE 'smart%'")
                        .toArray()];
                case 1:
                    rows = _a.sent();
                    expected = tickets
                        .filter(function (t) { return /^.*. question$/i.test(String(t.subject)) && !/^smart/i.test(String(t.subject)); })
                        .map(function (t) { return ({ id: t.id }); });
                    (0, vitest_1.expect)(rows).toEqual(expected);
                    return [2 /*return*/];
            }
        });
    }); });
    (0, vitest_1.test)("COUNT / SUM / MIN / MAX / AVG with GROUP BY and HAVING, ordered by an aggregate", function () { return __awaiter(void 0, void 0, void 0, function () {
        var rows, groups, _i, deals_1, d, expected, count;
        var _a;
        return __generator(this, function (_b) {
            switch (_b.label) {
                case 0: return [4 /*yield*/, pd
                        .query("SELECT status, COUNT(*) AS n, COUNT(probability) AS with_p, SUM(value) AS total, MIN(value) AS low, MAX(value) AS high, AVG(value) AS mean FROM Deals GROUP BY status HAVING COUNT(*) > 30 ORDER BY n DESC")
                        .toArray()];
                case 1:
                    rows = _b.sent();
                    groups = new Map();
                    for (_i = 0, deals_1 = deals; _i < deals_1.length; _i++) {
                        d = deals_1[_i];
                        groups.set(d.status, __spreadArray(__spreadArray([], ((_a = groups.get(d.status)) !== null && _a !== void 0 ? _a : []), true), [d], false));
                    }
                    expected = __spreadArray([], groups.entries(), true).map(function (_a) {
                        var status = _a[0], g = _a[1];
                        var values = g.map(function (d) { return d.value; });
                        return {
                            status: status,
                            n: g.length,
                            with_p: g.filter(function (d) { return d.probability !== null && d.probability !== undefined; }).length,
                            total: values.reduce(function (a, b) { return a + b; }, 0),
                            low: Math.min.apply(Math, values),
                            high: Math.max.apply(Math, values),
                            mean: values.reduce(function (a, b) { return a + b; }, 0) / values.length,
                        };
                    })
                        .filter(function (g) { return g.n > 30; })
                        .sort(function (a, b) { return b.n - a.n; });
                    (0, vitest_1.expect)(rows).toEqual(expected);
                    return [4 /*yield*/, zd
                            .query("SELECT COUNT(*) AS n, COUNT(DISTINCT status) AS statuses FROM Tickets")
                            .toArray()];
                case 2:
                    count = (_b.sent())[0];
                    (0, vitest_1.expect)(count).toEqual({
                        n: tickets.length,
                        statuses: new Set(tickets.map(function (t) { return t.status; })).size,
                    });
                    return [2 /*return*/];
            }
        });
    }); });
    (0, vitest_1.test)("INNER JOIN and LEFT JOIN between tables of one connection (Pipedrive and Zendesk)", function () { return __awaiter(void 0, void 0, void 0, function () {
        var inner, byId, expected, left, usersById, expectedLeft;
        return __generator(this, function (_a) {
            switch (_a.label) {
                case 0: return [4 /*yield*/, pd
                        .query("SELECT d.id, d.title, p.name AS person FROM Deals d INNER JOIN Persons p ON d.person_id = p.id WHERE d.status = :status AND p.name LIKE 'a%' ORDER BY d.id", { status: "lost" })
                        .toArray()];
                case 1:
                    inner = _a.sent();
                    byId = new Map(persons.map(function (p) { return [String(p.id), p]; }));
                    expected = deals
                        .filter(function (d) { return d.status === "lost"; })
                        .flatMap(function (d) {
                        var p = d.person_id === null ? undefined : byId.get(String(d.person_id));
                        return p && String(p.name).toLowerCase().startsWith("a")
                            ? [{ id: d.id, title: d.title, person: p.name }]
                            : [];
                    });
                    (0, vitest_1.expect)(inner).toEqual(expected);
                    return [4 /*yield*/, zd
                            .query("SELECT t.id, u.name FROM Tickets t LEFT JOIN Users u ON u.id = t.requester_id AND u.name LIKE 'b%' ORDER BY t.id LIMIT 50")
                            .toArray()];
                case 2:
                    left = _a.sent();
                    usersById = new Map(users.map(function (u) { return [String(u.id), u]; }));
                    expectedLeft = tickets.slice(0, 50).map(function (t) {
                        var u = usersById.get(String(t.requester_id));
                        return { id: t.id, name: u && String(u.name).toLowerCase().startsWith("b") ? u.name : null };
                    });
                    (0, vitest_1.expect)(left).toEqual(expectedLeft);
                    (0, vitest_1.expect)(left.some(function (r) { return r.name === null; })).toBe(true);
                    (0, vitest_1.expect)(left.some(function (r) { return r.name !== null; })).toBe(true);
                    return [2 /*return*/];
            }
        });
    }); });
    (0, vitest_1.test)("result columns carry names, types and the table column they come from", function () { return __awaiter(void 0, void 0, void 0, function () {
        var result, _a;
        return __generator(this, function (_b) {
            switch (_b.label) {
                case 0:
                    result = pd.query("SELECT id, value AS amount, COUNT(*) FROM Deals GROUP BY id, value LIMIT 1");
                    _a = vitest_1.expect;
                    return [4 /*yield*/, result.columns()];
                case 1:
                    _a.apply(void 0, [_b.sent()]).toEqual([
                        { name: "id", type: "integer", table: "Deals", column: "id" },
                        { name: "amount", type: "decimal", table: "Deals", column: "value" },
                        { name: "COUNT(*)", type: "integer" },
                    ]);
                    return [2 /*return*/];
            }
        });
    }); });
});
(0, vitest_1.describe)("pushdown", function () {
    (0, vitest_1.test)("a pushed-down filter sends fewer requests than the same filter run locally", function () { return __awaiter(void 0, void 0, void 0, function () {
        var count, before, pushed, pushedRequests, mid, local, localRequests;
        return __generator(this, function (_a) {
            switch (_a.label) {
                case 0:
                    count = function () { return emulator.count("pipedrive", "deals.list"); };
                    before = count();
                    return [4 /*yield*/, pd.query("SELECT id FROM Deals WHERE person_id = 7").toArray()];
                case 1:
                    pushed = _a.sent();
                    pushedRequests = count() - before;
                    mid = count();
                    return [4 /*yield*/, pd
                            .query("SELECT id FROM Deals WHERE person_id = 7 OR person_id = 7")
                            .toArray()];
                case 2:
                    local = _a.sent();
                    localRequests = count() - mid;
                    (0, vitest_1.expect)(local).toEqual(pushed);
                    (0, vitest_1.expect)(pushed).toEqual(deals.filter(function (d) { return String(d.person_id) === "7"; }).map(function (d) { return ({ id: d.id }); }));
                    (0, vitest_1.expect)(pushedRequests).toBe(1);
                    (0, vitest_1.expect)(localRequests).toBeGreaterThan(pushedRequests);
                    return [2 /*return*/];
            }
        });
    }); });
    (0, vitest_1.test)("LIMIT without local work lowers the page size: one request for 3 rows", function () { return __awaiter(void 0, void 0, void 0, function () {
        var before, rows;
        return __generator(this, function (_a) {
            switch (_a.label) {
                case 0:
                    before = emulator.count("pipedrive", "deals.list");
                    return [4 /*yield*/, pd
                            .query("SELECT id FROM Deals WHERE status = 'open' ORDER BY id DESC LIMIT 3")
                            .toArray()];
                case 1:
                    rows = _a.sent();
                    (0, vitest_1.expect)(emulator.count("pipedrive", "deals.list") - before).toBe(1);
                    (0, vitest_1.expect)(rows).toEqual(deals
                        .filter(function (d) { return d.status === "open"; })
                        .sort(function (a, b) { return b.id - a.id; })
                        .slice(0, 3)
                        .map(function (d) { return ({ id: d.id }); }));
                    return [2 /*return*/];
            }
        });
    }); });
    (0, vitest_1.test)("EXPLAIN SELECT shows the request, the provider's part and what is local", function () { return __awaiter(void 0, void 0, void 0, function () {
        var plan, _a;
        return __generator(this, function (_b) {
            switch (_b.label) {
                case 0: return [4 /*yield*/, pd
                        .query("EXPLAIN SELECT d.id FROM Deals d JOIN Persons p ON p.id = d.person_id WHERE d.status = 'won' AND d.value > 100 AND p.org_id = 2 ORDER BY d.title LIMIT 10")
                        .toArray()];
                case 1:
                    plan = (_b.sent()).map(function (r) { return String(r.plan); });
                    (0, vitest_1.expect)(plan[0]).toBe("Deals: GET api/v2/deals?status=won (as d)");
                    (0, vitest_1.expect)(plan).toContain('  provider filters: status eq "won"');
                    (0, vitest_1.expect)(plan).toContain("  local filter: value gt 100");
                    (0, vitest_1.expect)(plan).toContain("Persons: GET api/v2/persons?org_id=2 (as p)");
                    (0, vitest_1.expect)(plan.some(function (l) { return l.startsWith("local INNER JOIN p ON p.id = d.person_id"); })).toBe(true);
                    (0, vitest_1.expect)(plan).toContain("local order: d.title (keeps the top 10 rows)");
                    _a = vitest_1.expect;
                    return [4 /*yield*/, pd.explain("SELECT * FROM sys_tables")];
                case 2:
                    _a.apply(void 0, [_b.sent()]).toContain("no request");
                    return [2 /*return*/];
            }
        });
    }); });
});
(0, vitest_1.describe)("writes and procedures", function () {
    (0, vitest_1.test)("INSERT, UPDATE and DELETE go through the table's writes and report keys", function () { return __awaiter(void 0, void 0, void 0, function () {
        var inserted, key, _a, updated, _b, deleted, _c;
        return __generator(this, function (_d) {
            switch (_d.label) {
                case 0: return [4 /*yield*/, pd.execute("INSERT INTO Deals (title, value, status) VALUES (?, ?, 'open')", ["SQL deal", 1234])];
                case 1:
                    inserted = _d.sent();
                    (0, vitest_1.expect)(inserted.affectedRows).toBe(1);
                    key = inserted.keys[0];
                    _a = vitest_1.expect;
                    return [4 /*yield*/, pd.query("SELECT title, value FROM Deals WHERE id = ?", [key]).toArray()];
                case 2:
                    _a.apply(void 0, [_d.sent()]).toEqual([{ title: "SQL deal", value: 1234 }]);
                    return [4 /*yield*/, pd.execute("UPDATE Deals SET value = :v WHERE title = :t", {
                            v: 99,
                            t: "SQL deal",
                        })];
                case 3:
                    updated = _d.sent();
                    (0, vitest_1.expect)(updated).toEqual({ affectedRows: 1, keys: [key], failures: [] });
                    _b = vitest_1.expect;
                    return [4 /*yield*/, pd.query("SELECT value FROM Deals WHERE id = ?", [key]).toArray()];
                case 4:
                    _b.apply(void 0, [_d.sent()]).toEqual([{ value: 99 }]);
                    return [4 /*yield*/, pd.execute("DELETE FROM Deals WHERE id = ?", [key])];
                case 5:
                    deleted = _d.sent();
                    (0, vitest_1.expect)(deleted.affectedRows).toBe(1);
                    _c = vitest_1.expect;
                    return [4 /*yield*/, pd.query("SELECT id FROM Deals WHERE id = ?", [key]).toArray()];
                case 6:
                    _c.apply(void 0, [_d.sent()]).toEqual([]);
                    return [2 /*return*/];
            }
        });
    }); });
    (0, vitest_1.test)("writes are validated by the table; UPDATE and DELETE need WHERE; system tables are read-only", function () { return __awaiter(void 0, void 0, void 0, function () {
        var _a, _b;
        return __generator(this, function (_c) {
            switch (_c.label) {
                case 0: return [4 /*yield*/, (0, vitest_1.expect)(pd.execute("INSERT INTO Deals (id, title) VALUES (5, 'x')")).rejects.toMatchObject({ code: "CONNECTOR_INVALID_RECORD" })];
                case 1:
                    _c.sent();
                    _a = vitest_1.expect;
                    return [4 /*yield*/, fail(function () { return pd.execute("DELETE FROM Deals"); })];
                case 2:
                    _a.apply(void 0, [_c.sent()]).toMatchObject({
                        code: "SQL_INVALID",
                        message: vitest_1.expect.stringContaining("without WHERE"),
                    });
                    _b = vitest_1.expect;
                    return [4 /*yield*/, fail(function () {
                            return pd.execute("UPDATE sys_tables SET Description = 'x' WHERE TableName = 'Deals'");
                        })];
                case 3:
                    _b.apply(void 0, [_c.sent()]).toMatchObject({ code: "SQL_INVALID" });
                    return [4 /*yield*/, (0, vitest_1.expect)(zd.execute("DELETE FROM Tickets WHERE id = 1")).rejects.toMatchObject({
                            code: "CONNECTOR_READ_ONLY_TABLE",
                        })];
                case 4:
                    _c.sent();
                    return [2 /*return*/];
            }
        });
    }); });
    (0, vitest_1.test)("EXEC runs a procedure by name with named arguments and parameters", function () { return __awaiter(void 0, void 0, void 0, function () {
        var _a, _b, _c, _d;
        return __generator(this, function (_e) {
            switch (_e.label) {
                case 0:
                    _a = vitest_1.expect;
                    return [4 /*yield*/, pd.query("EXEC Echo Text = ?, Times = 2", ["hi"]).toArray()];
                case 1:
                    _a.apply(void 0, [_e.sent()]).toEqual([
                        { Text: "hi" },
                        { Text: "hi" },
                    ]);
                    _b = vitest_1.expect;
                    return [4 /*yield*/, fail(function () { return pd.query("EXEC Ecko Text = 'x'").toArray(); })];
                case 2:
                    _b.apply(void 0, [_e.sent()]).toMatchObject({
                        code: "SQL_UNKNOWN_NAME",
                        hint: 'Did you mean "Echo"?',
                    });
                    _c = vitest_1.expect;
                    return [4 /*yield*/, fail(function () { return pd.query("EXEC Echo Times = 1").toArray(); })];
                case 3:
                    _c.apply(void 0, [_e.sent()]).toMatchObject({
                        code: "SQL_INVALID",
                        message: vitest_1.expect.stringContaining("needs Text"),
                    });
                    _d = vitest_1.expect;
                    return [4 /*yield*/, fail(function () { return pd.query("EXEC Echo Txet = 'a'").toArray(); })];
                case 4:
                    _d.apply(void 0, [_e.sent()]).toMatchObject({
                        code: "SQL_UNKNOWN_NAME",
                        position: { line: 1, column: 11 },
                    });
                    return [2 /*return*/];
            }
        });
    }); });
    (0, vitest_1.test)("EXEC GetOAuthAuthorizationURL through the connector's OAuth procedures", function () { return __awaiter(void 0, void 0, void 0, function () {
        var _a, clientId, clientSecret, input, db, _b, row, url, names;
        return __generator(this, function (_c) {
            switch (_c.label) {
                case 0:
                    _a = emulator.defaultClient("pipedrive"), clientId = _a.clientId, clientSecret = _a.clientSecret;
                    input = "EmulatorURL=".concat(emulator.url, ";OAuthClientId=").concat(clientId, ";OAuthClientSecret=").concat(clientSecret);
                    _b = index_js_1.sql;
                    return [4 /*yield*/, (0, fixtures_js_1.pipedrive)(emulator)];
                case 1:
                    db = _b.apply(void 0, [_c.sent(), {
                            procedures: (0, index_js_1.oauthProcedures)(pipedriveConnector, input),
                        }]);
                    return [4 /*yield*/, db
                            .query("EXEC GetOAuthAuthorizationURL AuthMode = 'WEB', CallbackURL = 'http://127.0.0.1:5000/cb', State = :s", { s: "st-1" })
                            .toArray()];
                case 2:
                    row = (_c.sent())[0];
                    url = new URL(String(row === null || row === void 0 ? void 0 : row.URL));
                    (0, vitest_1.expect)(url.searchParams.get("redirect_uri")).toBe("http://127.0.0.1:5000/cb");
                    (0, vitest_1.expect)(url.searchParams.get("state")).toBe("st-1");
                    (0, vitest_1.expect)(row === null || row === void 0 ? void 0 : row.State).toBe("st-1");
                    return [4 /*yield*/, db
                            .query("SELECT ParameterName FROM sys_procedureparameters WHERE ProcedureName = 'GetOAuthAuthorizationURL' AND Direction = 'input'")
                            .toArray()];
                case 3:
                    names = (_c.sent()).map(function (r) { return r.ParameterName; });
                    (0, vitest_1.expect)(names).toEqual(["AuthMode", "CallbackURL", "State", "Scope"]);
                    return [2 /*return*/];
            }
        });
    }); });
});
(0, vitest_1.describe)("system tables", function () {
    (0, vitest_1.test)("sys_tables and sys_tablecolumns answer from the catalog", function () { return __awaiter(void 0, void 0, void 0, function () {
        var _a, columns, _b;
        return __generator(this, function (_c) {
            switch (_c.label) {
                case 0:
                    _a = vitest_1.expect;
                    return [4 /*yield*/, pd
                            .query("SELECT TableName, KeyColumn, CanInsert FROM sys_tables ORDER BY TableName")
                            .toArray()];
                case 1:
                    _a.apply(void 0, [_c.sent()]).toEqual([
                        { TableName: "Deals", KeyColumn: "id", CanInsert: true },
                        { TableName: "Persons", KeyColumn: "id", CanInsert: false },
                    ]);
                    return [4 /*yield*/, pd
                            .query("SELECT ColumnName, DataType, PushdownOperators, Origin FROM sys_tablecolumns WHERE TableName = 'Deals' AND PushdownOperators <> ''")
                            .toArray()];
                case 2:
                    columns = _c.sent();
                    (0, vitest_1.expect)(columns).toEqual([
                        { ColumnName: "status", DataType: "enum", PushdownOperators: "eq", Origin: "declared" },
                        {
                            ColumnName: "stage_id",
                            DataType: "integer",
                            PushdownOperators: "eq",
                            Origin: "declared",
                        },
                        {
                            ColumnName: "person_id",
                            DataType: "reference",
                            PushdownOperators: "eq",
                            Origin: "declared",
                        },
                        {
                            ColumnName: "org_id",
                            DataType: "reference",
                            PushdownOperators: "eq",
                            Origin: "declared",
                        },
                    ].sort(function (a, b) {
                        return Object.keys(pipedriveColumns).indexOf(a.ColumnName) -
                            Object.keys(pipedriveColumns).indexOf(b.ColumnName);
                    }));
                    _b = vitest_1.expect;
                    return [4 /*yield*/, pd.query("SELECT ProcedureName FROM sys_procedures").toArray()];
                case 3:
                    _b.apply(void 0, [_c.sent()]).toEqual([
                        { ProcedureName: "Echo" },
                    ]);
                    return [2 /*return*/];
            }
        });
    }); });
});
(0, vitest_1.describe)("bad SQL and parameters", function () {
    (0, vitest_1.test)("syntax errors, unsupported constructs and unknown names are typed, with positions", function () { return __awaiter(void 0, void 0, void 0, function () {
        var cases, _loop_1, _i, cases_1, _a, text, code, line, column, _b;
        var _c, _d;
        return __generator(this, function (_e) {
            switch (_e.label) {
                case 0:
                    cases = [
                        ["SELECT id FROM Deals WHERE", "SQL_SYNTAX", 1, 27],
                        ["SELECT id\nFROM Deals WHERE id IN (1,", "SQL_SYNTAX", 2, 27],
                        ["SELECT id FROM Deals UNION SELECT id FROM Persons", "SQL_UNSUPPORTED", 1, 28],
                        ["SELECT upper(title) FROM Deals", "SQL_UNSUPPORTED", 1, 8],
                        [
                            "SELECT id FROM Deals d RIGHT JOIN Persons p ON p.id = d.person_id",
                            "SQL_UNSUPPORTED",
                            1,
                            35,
                        ],
                        ["SELECT id FROM (SELECT 1) x", "SQL_UNSUPPORTED", 1, 17],
                        ["SELECT DISTINCT status FROM Deals", "SQL_UNSUPPORTED", 1, 17],
                        ["SELECT id FROM Deals WHERE value + 1 > 3", "SQL_UNSUPPORTED", 1, 28],
                        ["SELECT titel FROM Deals", "SQL_UNKNOWN_NAME", 1, 8],
                        ["SELECT id FROM Dealz", "SQL_UNKNOWN_NAME", 1, 16],
                        [
                            "SELECT id FROM Deals d JOIN Persons p ON p.id = d.person_id WHERE name = 'x' AND id = 1",
                            "SQL_UNKNOWN_NAME",
                            1,
                            82,
                        ],
                        ["SELECT status, title FROM Deals GROUP BY status", "SQL_INVALID", 1, 16],
                        ["SELECT id FROM Deals WHERE value = 'ten'", "SQL_INVALID", 1, 28],
                        ["SELECT id FROM Deals WHERE value = NULL", "SQL_INVALID", 1, 28],
                    ];
                    _loop_1 = function (text, code, line, column) {
                        var error;
                        return __generator(this, function (_f) {
                            switch (_f.label) {
                                case 0: return [4 /*yield*/, fail(function () { return pd.query(text).toArray(); })];
                                case 1:
                                    error = _f.sent();
                                    (0, vitest_1.expect)({
                                        text: text,
                                        code: error.code,
                                        line: (_c = error.position) === null || _c === void 0 ? void 0 : _c.line,
                                        column: (_d = error.position) === null || _d === void 0 ? void 0 : _d.column,
                                    }).toEqual({ text: text, code: code, line: line, column: column });
                                    (0, vitest_1.expect)(error.hint.length).toBeGreaterThan(5);
                                    return [2 /*return*/];
                            }
                        });
                    };
                    _i = 0, cases_1 = cases;
                    _e.label = 1;
                case 1:
                    if (!(_i < cases_1.length)) return [3 /*break*/, 4];
                    _a = cases_1[_i], text = _a[0], code = _a[1], line = _a[2], column = _a[3];
                    return [5 /*yield**/, _loop_1(text, code, line, column)];
                case 2:
                    _e.sent();
                    _e.label = 3;
                case 3:
                    _i++;
                    return [3 /*break*/, 1];
                case 4:
                    _b = vitest_1.expect;
                    return [4 /*yield*/, fail(function () { return pd.query("SELECT titel FROM Deals").toArray(); })];
                case 5:
                    _b.apply(void 0, [(_e.sent()).hint]).toBe('Did you mean "title"?');
                    return [2 /*return*/];
            }
        });
    }); });
    (0, vitest_1.test)("parameters are bound as values, never read as SQL", function () { return __awaiter(void 0, void 0, void 0, function () {
        var hostile, _i, hostile_1, value, _a, _b, _c;
        var _d;
        return __generator(this, function (_e) {
            switch (_e.label) {
                case 0:
                    hostile = ["won' OR '1'='1", "won'; DELETE FROM Deals; --", "x\\' OR 1=1 -- "];
                    _i = 0, hostile_1 = hostile;
                    _e.label = 1;
                case 1:
                    if (!(_i < hostile_1.length)) return [3 /*break*/, 5];
                    value = hostile_1[_i];
                    return [4 /*yield*/, (0, vitest_1.expect)(pd.query("SELECT id FROM Deals WHERE title = ?", [value]).toArray()).resolves.toEqual([])];
                case 2:
                    _e.sent();
                    return [4 /*yield*/, (0, vitest_1.expect)(pd.query("SELECT id FROM Deals WHERE title = :t", { t: value }).toArray()).resolves.toEqual([])];
                case 3:
                    _e.sent();
                    _e.label = 4;
                case 4:
                    _i++;
                    return [3 /*break*/, 1];
                case 5:
                    // A value that is not one of the column's values is refused, not sent.
                    _a = vitest_1.expect;
                    return [4 /*yield*/, fail(function () {
                            return pd.query("SELECT id FROM Deals WHERE status = ?", ["won' OR '1'='1"]).toArray();
                        })];
                case 6:
                    // A value that is not one of the column's values is refused, not sent.
                    _a.apply(void 0, [_e.sent()]).toMatchObject({ code: "SQL_INVALID" });
                    _b = vitest_1.expect;
                    return [4 /*yield*/, pd.query("SELECT COUNT(*) AS n FROM Deals").toArray()];
                case 7:
                    _b.apply(void 0, [(_d = (_e.sent())[0]) === null || _d === void 0 ? void 0 : _d.n]).toBe(deals.length);
                    _c = vitest_1.expect;
                    return [4 /*yield*/, fail(function () {
                            return pd.query("SELECT id FROM Deals WHERE id = 1; DELETE FROM Deals WHERE id = 1").toArray();
                        })];
                case 8:
                    _c.apply(void 0, [_e.sent()]).toMatchObject({ code: "SQL_UNSUPPORTED", message: vitest_1.expect.stringContaining("one statement") });
                    return [2 /*return*/];
            }
        });
    }); });
    (0, vitest_1.test)("missing, extra and ill-typed parameters are typed errors", function () { return __awaiter(void 0, void 0, void 0, function () {
        var _a, _b, _c, _d, _e;
        return __generator(this, function (_f) {
            switch (_f.label) {
                case 0:
                    _a = vitest_1.expect;
                    return [4 /*yield*/, fail(function () { return pd.query("SELECT id FROM Deals WHERE id = ? AND value > ?", [1]).toArray(); })];
                case 1:
                    _a.apply(void 0, [_f.sent()]).toMatchObject({ code: "SQL_PARAMETER", position: { column: 39 } }); // the comparison holding it
                    _b = vitest_1.expect;
                    return [4 /*yield*/, fail(function () { return pd.query("SELECT id FROM Deals WHERE id = ?", [1, 2]).toArray(); })];
                case 2:
                    _b.apply(void 0, [_f.sent()]).toMatchObject({ code: "SQL_PARAMETER" });
                    _c = vitest_1.expect;
                    return [4 /*yield*/, fail(function () { return pd.query("SELECT id FROM Deals WHERE id = :id", { di: 1 }).toArray(); })];
                case 3:
                    _c.apply(void 0, [_f.sent()]).toMatchObject({ code: "SQL_PARAMETER", message: vitest_1.expect.stringContaining(":id") });
                    _d = vitest_1.expect;
                    return [4 /*yield*/, fail(function () {
                            return pd.query("SELECT id FROM Deals WHERE id = :id", { id: 1, extra: 2 }).toArray();
                        })];
                case 4:
                    _d.apply(void 0, [_f.sent()]).toMatchObject({ code: "SQL_PARAMETER", message: vitest_1.expect.stringContaining('"extra"') });
                    _e = vitest_1.expect;
                    return [4 /*yield*/, fail(function () {
                            return pd.query("SELECT id FROM Deals WHERE id = ?", [{ toString: function () { return "1"; } }]).toArray();
                        })];
                case 5:
                    _e.apply(void 0, [_f.sent()]).toMatchObject({ code: "SQL_PARAMETER" });
                    return [2 /*return*/];
            }
        });
    }); });
});
var pipedriveColumns = (await Promise.resolve().then(function () { return require("./fixtures.js"); })).pipedriveDeals.columns;
