import type { ProviderModule } from "../core/types.js";
import { highrise } from "./highrise/index.js";
import { pipedrive } from "./pipedrive/index.js";
import { zendesk } from "./zendesk/index.js";
import { zoho } from "./zoho/index.js";

/**
 * The built-in provider modules, in host-matching order. Each provider adds one line here
 * (and nothing else in core files); see CONTRIBUTING.md.
 */
export const builtinProviders: readonly ProviderModule<never>[] = [
  zoho as ProviderModule<never>,
  pipedrive as ProviderModule<never>,
  highrise as ProviderModule<never>,
  zendesk as ProviderModule<never>,
];
