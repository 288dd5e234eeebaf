import { defineProjectConfig } from "@x/vitest-config";

export default defineProjectConfig();
