export * from "./data-centres.js";
export * from "./oauth.js";
