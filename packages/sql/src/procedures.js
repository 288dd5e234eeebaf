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
exports.oauthProcedures = oauthProcedures;
var str = function (v) { return (v === undefined || v === null ? undefined : String(v)); };
/**
 * The OAuth procedures of a connector, as the original drivers name them:
 * `GetOAuthAuthorizationURL`, `GetOAuthAccessToken` and `RefreshOAuthAccessToken`.
 * Their results carry tokens: show them to whoever may hold them only.
 */
function oauthProcedures(connector, input, options) {
    if (options === void 0) { options = {}; }
    var tokenOutputs = [
        { name: "OAuthAccessToken" },
        { name: "OAuthRefreshToken" },
        { name: "ExpiresIn", type: "integer" },
    ];
    return [
        {
            name: "GetOAuthAuthorizationURL",
            description: "The URL to send the user to, with the state (and PKCE verifier) to keep.",
            parameters: [
                { name: "AuthMode", description: "APP (default) or WEB." },
                { name: "CallbackURL", description: "Where the provider redirects after consent." },
                { name: "State", description: "A state of your own (default: a random one)." },
                { name: "Scope", description: "The scopes to ask for (default: the connector's)." },
            ],
            outputs: [{ name: "URL" }, { name: "State" }, { name: "CodeVerifier" }],
            run: function (args) {
                return __awaiter(this, void 0, void 0, function () {
                    var mode, result;
                    var _a, _b;
                    return __generator(this, function (_c) {
                        switch (_c.label) {
                            case 0:
                                mode = (_a = str(args.AuthMode)) === null || _a === void 0 ? void 0 : _a.toUpperCase();
                                return [4 /*yield*/, connector.getAuthorizationUrl(input, __assign(__assign(__assign(__assign({}, (mode === "WEB" || mode === "APP" ? { authMode: mode } : {})), (args.CallbackURL !== undefined ? { callbackUrl: str(args.CallbackURL) } : {})), (args.State !== undefined ? { state: str(args.State) } : {})), (args.Scope !== undefined ? { scope: str(args.Scope) } : {})), options)];
                            case 1:
                                result = _c.sent();
                                return [2 /*return*/, [
                                        { URL: result.url, State: result.state, CodeVerifier: (_b = result.codeVerifier) !== null && _b !== void 0 ? _b : null },
                                    ]];
                        }
                    });
                });
            },
        },
        {
            name: "GetOAuthAccessToken",
            description: "Exchanges the code of the redirect (Verifier) for tokens.",
            parameters: [
                { name: "Verifier", required: true, description: "The code, or the whole redirect URL." },
                { name: "CallbackURL" },
                { name: "State", description: "The state kept with the authorization URL." },
                { name: "CodeVerifier", description: "The PKCE verifier kept with the authorization URL." },
            ],
            outputs: tokenOutputs,
            run: function (args) {
                return __awaiter(this, void 0, void 0, function () {
                    var result;
                    var _a, _b;
                    return __generator(this, function (_c) {
                        switch (_c.label) {
                            case 0: return [4 /*yield*/, connector.getAccessToken(input, __assign(__assign(__assign({ verifier: String(args.Verifier) }, (args.CallbackURL !== undefined ? { callbackUrl: str(args.CallbackURL) } : {})), (args.State !== undefined ? { state: str(args.State) } : {})), (args.CodeVerifier !== undefined ? { codeVerifier: str(args.CodeVerifier) } : {})), options)];
                            case 1:
                                result = _c.sent();
                                return [2 /*return*/, [
                                        {
                                            OAuthAccessToken: result.accessToken,
                                            OAuthRefreshToken: (_a = result.refreshToken) !== null && _a !== void 0 ? _a : null,
                                            ExpiresIn: (_b = result.expiresIn) !== null && _b !== void 0 ? _b : null,
                                        },
                                    ]];
                        }
                    });
                });
            },
        },
        {
            name: "RefreshOAuthAccessToken",
            description: "Exchanges a refresh token for a new access token.",
            parameters: [{ name: "OAuthRefreshToken", description: "Default: the stored one." }],
            outputs: tokenOutputs,
            run: function (args) {
                return __awaiter(this, void 0, void 0, function () {
                    var result;
                    var _a, _b;
                    return __generator(this, function (_c) {
                        switch (_c.label) {
                            case 0: return [4 /*yield*/, connector.refreshAccessToken(input, args.OAuthRefreshToken !== undefined ? { refreshToken: str(args.OAuthRefreshToken) } : {}, options)];
                            case 1:
                                result = _c.sent();
                                return [2 /*return*/, [
                                        {
                                            OAuthAccessToken: result.accessToken,
                                            OAuthRefreshToken: (_a = result.refreshToken) !== null && _a !== void 0 ? _a : null,
                                            ExpiresIn: (_b = result.expiresIn) !== null && _b !== void 0 ? _b : null,
                                        },
                                    ]];
                        }
                    });
                });
            },
        },
    ];
}
