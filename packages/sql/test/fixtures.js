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
Object.defineProperty(exports, "__esModule", { value: true });
exports.zendeskUsers = exports.zendeskTickets = exports.pipedrivePersons = exports.pipedriveDeals = void 0;
exports.pipedrive = pipedrive;
exports.zendesk = zendesk;
var connector_kit_1 = require("@x/connector-kit");
// Test tables over the emulator's endpoints, declared here from the providers' documented APIs
// (the connectors' own tables are declared in their packages), served by small connectors.
var v2 = function (body) { return body.data; };
var v2Next = function (body) { var _a; return (_a = body.additional_data) === null || _a === void 0 ? void 0 : _a.next_cursor; };
var withQuery = function (r, add) {
    var given = r.searchParams;
    var params = new URLSearchParams(given instanceof URLSearchParams
        ? given
        : Object.entries(given !== null && given !== void 0 ? given : {}).flatMap(function (_a) {
            var k = _a[0], v = _a[1];
            return (v === undefined ? [] : [[k, String(v)]]);
        }));
    for (var _i = 0, _a = Object.entries(add); _i < _a.length; _i++) {
        var _b = _a[_i], k = _b[0], v = _b[1];
        params.set(k, v);
    }
    return __assign(__assign({}, r), { searchParams: params });
};
var sort = function (column) { return ({
    asc: function (r) { return withQuery(r, { sort_by: column, sort_direction: "asc" }); },
    desc: function (r) { return withQuery(r, { sort_by: column, sort_direction: "desc" }); },
}); };
/** Pipedrive v2 deals: status, person and stage filters and id sort by the provider. */
exports.pipedriveDeals = (0, connector_kit_1.defineTable)({
    name: "Deals",
    description: "Pipedrive deals (API v2)",
    key: "id",
    columns: {
        id: { type: "integer", readOnly: true },
        title: { type: "string", required: true },
        value: { type: "decimal", nullable: true },
        currency: { type: "string", nullable: true },
        status: { type: "enum", values: ["open", "won", "lost"] },
        stage_id: { type: "integer", nullable: true },
        probability: { type: "integer", nullable: true },
        person_id: { type: "reference", references: "Persons", nullable: true },
        org_id: { type: "reference", references: "Organizations", nullable: true },
        add_time: { type: "datetime", readOnly: true },
        update_time: { type: "datetime", readOnly: true },
    },
    list: {
        request: { path: "api/v2/deals" },
        pagination: (0, connector_kit_1.cursorPagination)({ cursorParam: "cursor", items: v2, nextCursor: v2Next }),
        pageSize: { param: "limit", max: 500 },
    },
    filters: {
        status: { eq: "status" },
        person_id: { eq: "person_id" },
        org_id: { eq: "org_id" },
        stage_id: { eq: "stage_id" },
    },
    orderBy: { id: sort("id") },
    get: {
        request: function (id) { return ({ path: "api/v2/deals/".concat(id) }); },
        record: function (b) { return b.data; },
    },
    insert: {
        request: function (row) { return ({ method: "POST", path: "api/v2/deals", json: row }); },
        key: function (b) { return b.data.id; },
    },
    update: {
        request: function (id, changes) { return ({ method: "PATCH", path: "api/v2/deals/".concat(id), json: changes }); },
    },
    delete: { request: function (id) { return ({ method: "DELETE", path: "api/v2/deals/".concat(id) }); } },
});
/** Pipedrive v2 persons. */
exports.pipedrivePersons = (0, connector_kit_1.defineTable)({
    name: "Persons",
    description: "Pipedrive persons (API v2)",
    key: "id",
    columns: {
        id: { type: "integer", readOnly: true },
        name: { type: "string", required: true },
        org_id: { type: "reference", references: "Organizations", nullable: true },
        add_time: { type: "datetime", readOnly: true },
        emails: { type: "json", nullable: true },
    },
    list: {
        request: { path: "api/v2/persons" },
        pagination: (0, connector_kit_1.cursorPagination)({ cursorParam: "cursor", items: v2, nextCursor: v2Next }),
        pageSize: { param: "limit", max: 500 },
    },
    filters: { org_id: { eq: "org_id" } },
    orderBy: { id: sort("id") },
});
var zendeskPages = function (key) {
    return (0, connector_kit_1.nextLinkPagination)({
        items: function (body) { var _a; return (_a = body[key]) !== null && _a !== void 0 ? _a : []; },
        nextUrl: function (body) {
            var _a, _b, _c;
            return ((_a = body.meta) === null || _a === void 0 ? void 0 : _a.has_more)
                ? ((_c = (_b = body.links) === null || _b === void 0 ? void 0 : _b.next) !== null && _c !== void 0 ? _c : null)
                : null;
        },
    });
};
/** Zendesk tickets: cursor pages; the list endpoint filters nothing, so every filter is local. */
exports.zendeskTickets = (0, connector_kit_1.defineTable)({
    name: "Tickets",
    key: "id",
    columns: {
        id: { type: "integer", readOnly: true },
        subject: { type: "string", nullable: true },
        status: { type: "enum", values: ["new", "open", "pending", "hold", "solved", "closed"] },
        priority: { type: "enum", values: ["low", "normal", "high", "urgent"], nullable: true },
        requester_id: { type: "reference", references: "Users", nullable: true },
        organization_id: { type: "reference", references: "Organizations", nullable: true },
        created_at: { type: "datetime", readOnly: true },
    },
    list: {
        request: { path: "api/v2/tickets.json", searchParams: { "page[size]": 100 } },
        pagination: zendeskPages("tickets"),
    },
});
/** Zendesk users. */
exports.zendeskUsers = (0, connector_kit_1.defineTable)({
    name: "Users",
    key: "id",
    columns: {
        id: { type: "integer", readOnly: true },
        name: { type: "string" },
        email: { type: "string", nullable: true },
        organization_id: { type: "reference", nullable: true },
    },
    list: {
        request: { path: "api/v2/users.json", searchParams: { "page[size]": 100 } },
        pagination: zendeskPages("users"),
    },
});
var tables = function (map) { return function () {
    return map;
}; };
var pipedriveTest = (0, connector_kit_1.defineConnector)({
    id: "pipedrive-sql-test",
    name: "Pipedrive (SQL tests)",
    userAgent: "x-sql-test",
    properties: {},
    authSchemes: ["APIToken"],
    credentials: function () { return (0, connector_kit_1.headerAuth)("x-api-token", "emulator-pipedrive-api-token"); },
    api: function () { return ({
        baseUrl: "https://emulatedcompany.pipedrive.com",
        allowedHosts: ["*.pipedrive.com"],
    }); },
    whoAmI: function () { return __awaiter(void 0, void 0, void 0, function () { return __generator(this, function (_a) {
        return [2 /*return*/, ({ id: "test", raw: null })];
    }); }); },
    resources: function () { return ({}); },
    tables: tables({ Deals: exports.pipedriveDeals, Persons: exports.pipedrivePersons }),
});
var zendeskTest = (0, connector_kit_1.defineConnector)({
    id: "zendesk-sql-test",
    name: "Zendesk (SQL tests)",
    userAgent: "x-sql-test",
    properties: {},
    authSchemes: ["Basic"],
    credentials: function () {
        return (0, connector_kit_1.basicAuth)("katherine.johnson@emulator.example/token", "emulator-zendesk-api-token", "Basic (API token)");
    },
    api: function () { return ({ baseUrl: "https://emulated.zendesk.com", allowedHosts: ["emulated.zendesk.com"] }); },
    whoAmI: function () { return __awaiter(void 0, void 0, void 0, function () { return __generator(this, function (_a) {
        return [2 /*return*/, ({ id: "test", raw: null })];
    }); }); },
    resources: function () { return ({}); },
    tables: tables({ Tickets: exports.zendeskTickets, Users: exports.zendeskUsers }),
});
/** A Pipedrive connection (personal API token) whose tables are Deals and Persons. */
function pipedrive(emulator) {
    return pipedriveTest.connect("EmulatorURL=".concat(emulator.url), { onWarning: function () { } });
}
/** A Zendesk connection (API token) whose tables are Tickets and Users. */
function zendesk(emulator) {
    return zendeskTest.connect("EmulatorURL=".concat(emulator.url), { onWarning: function () { } });
}
