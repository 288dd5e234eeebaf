import type { Connection } from "@x/connector-kit";

// Connections made earlier in a README, and a proxy-capable fetch the reader brings.
declare const zendesk: Connection;
declare const pipedrive: Connection;
declare const crm: Connection;
declare const inventory: Connection;
declare const highrise: Connection;
declare const proxyFetch: typeof fetch;
