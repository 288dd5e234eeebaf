"use strict";
var __extends = (this && this.__extends) || (function () {
    var extendStatics = function (d, b) {
        extendStatics = Object.setPrototypeOf ||
            ({ __proto__: [] } instanceof Array && function (d, b) { d.__proto__ = b; }) ||
            function (d, b) { for (var p in b) if (Object.prototype.hasOwnProperty.call(b, p)) d[p] = b[p]; };
        return extendStatics(d, b);
    };
    return function (d, b) {
        if (typeof b !== "function" && b !== null)
            throw new TypeError("Class extends value " + String(b) + " is not a constructor or null");
        extendStatics(d, b);
        function __() { this.constructor = d; }
        d.prototype = b === null ? Object.create(b) : (__.prototype = b.prototype, new __());
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.SqlError = exports.SqlErrorCode = void 0;
exports.positionAt = positionAt;
exports.firstLine = firstLine;
/** Stable codes of {@link SqlError}. */
exports.SqlErrorCode = {
    /** The text is not SQL the parser understands. */
    Syntax: "SQL_SYNTAX",
    /** Valid SQL, but a construct this package does not run (a subquery, UNION, a function…). */
    Unsupported: "SQL_UNSUPPORTED",
    /** A table, column or procedure that is not in the catalog, or an ambiguous column. */
    UnknownName: "SQL_UNKNOWN_NAME",
    /** A parameter is missing, extra, or of a type that cannot be bound. */
    Parameter: "SQL_PARAMETER",
    /** A statement that cannot run as written (UPDATE without WHERE, a non-aggregated column…). */
    Invalid: "SQL_INVALID",
};
/** Every error of `@x/sql`: a stable `code`, the `position` in the text when known, and a `hint`. */
var SqlError = /** @class */ (function (_super) {
    __extends(SqlError, _super);
    function SqlError(code, message, options) {
        var _this = this;
        var at = options.position
            ? " (line ".concat(options.position.line, ", column ").concat(options.position.column, ")")
            : "";
        _this = _super.call(this, "".concat(message).concat(at), options.cause === undefined ? {} : { cause: options.cause }) || this;
        _this.name = "SqlError";
        _this.code = code;
        _this.position = options.position;
        _this.hint = options.hint;
        return _this;
    }
    return SqlError;
}(Error));
exports.SqlError = SqlError;
/** The position of an offset in a text. */
function positionAt(text, offset) {
    var _a;
    var before = text.slice(0, offset);
    var lines = before.split("\n");
    return {
        offset: offset,
        line: lines.length,
        column: ((_a = lines[lines.length - 1]) !== null && _a !== void 0 ? _a : "").length + 1,
    };
}
/** A wrapped error's message without its trailing hint line and full stop. */
function firstLine(message) {
    var _a;
    return ((_a = message.split("\n")[0]) !== null && _a !== void 0 ? _a : "").replace(/\.$/, "");
}
