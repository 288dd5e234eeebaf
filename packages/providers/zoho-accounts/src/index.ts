export * from "./connector-parts.js";
export * from "./data-centres.js";
export * from "./oauth.js";
