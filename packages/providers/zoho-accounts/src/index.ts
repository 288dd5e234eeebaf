export * from "./connector.js";
export * from "./data-centres.js";
export * from "./oauth.js";
