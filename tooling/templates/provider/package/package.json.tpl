{
  "name": "@x/{{id}}",
  "version": "0.0.0",
  "description": "{{name}} connector: one connection string, OAuth (desktop, web, headless) or an API token, cursor paging.",
  "license": "MIT",
  "repository": {
    "type": "git",
    "url": "{{repositoryUrl}}",
    "directory": "packages/providers/{{id}}"
  },
  "homepage": "{{repositoryWeb}}/tree/main/packages/providers/{{id}}#readme",
  "bugs": {
    "url": "{{repositoryWeb}}/issues"
  },
  "type": "module",
  "sideEffects": false,
  "exports": {
    ".": {
      "types": "./dist/index.d.ts",
      "default": "./dist/index.js"
    },
    "./package.json": "./package.json"
  },
  "files": [
    "dist",
    "!dist/**/*.test.*",
    "README.md"
  ],
  "engines": {
    "node": ">=20.19"
  },
  "scripts": {
    "build": "tsc -p tsconfig.build.json && node ../../../tooling/scripts/bundle-dist.mjs",
    "typecheck": "tsc -p tsconfig.json",
    "lint": "biome check .",
    "test": "vitest run",
    "check:package": "node ../../../tooling/scripts/check-package.mjs"
  },
  "dependencies": {
    "@x/conn-string": "workspace:^",
    "@x/connector-kit": "workspace:^",
    "@x/oauth-core": "workspace:^"
  },
  "devDependencies": {
    "@x/emulator": "workspace:*",
    "@x/tsconfig": "workspace:*",
    "@x/vitest-config": "workspace:*"
  },
  "publishConfig": {
    "access": "public",
    "provenance": true
  },
  "keywords": [
    "{{id}}",
    "oauth",
    "connector"
  ]
}
