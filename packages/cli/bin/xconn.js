#!/usr/bin/env node
// Committed so that pnpm can link the command before the package is built.
import "../dist/bin.js";
