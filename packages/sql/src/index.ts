export { type SqlConnection, SYSTEM as SYSTEM_TABLES } from "./catalog.js";
export { Database, QueryResult, type SqlOptions, type StatementOptions, sql } from "./database.js";
export { SqlError, SqlErrorCode, type SqlPosition } from "./errors.js";
export type { SqlParams, SqlValue } from "./parse.js";
export { oauthProcedures, type Procedure, type ProcedureParameter } from "./procedures.js";
export type { ResultColumn } from "./select.js";
export type { ExecuteResult } from "./write.js";
