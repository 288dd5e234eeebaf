export * from "./auth.js";
export * from "./config.js";
export * from "./connection.js";
export * from "./connector.js";
export * from "./errors.js";
export * from "./http.js";
export * from "./paginate.js";
export * from "./url-guard.js";
