#!/usr/bin/env -S node --import tsx --no-warnings=ExperimentalWarning
// The dextre CLI in development: runs commands/*.ts and src/**/*.ts through tsx, no build needed.
// tsx is pinned to 4.23.14: 4.23.15 breaks oclif's TypeScript loading (`command roll:nodes not found`).
//
// Why not `execute({development: true})`: with tsconfig `rootDir: "."` oclif's development mode maps every
// command file a second time from dist/ to the wrong place and prints a warning with a stack trace on every
// run. Turning auto-transpile on explicitly gives the same TypeScript loading (commands dir → ./commands,
// imported through tsx) without that noise.
import process from 'node:process';
import { execute, settings } from '@oclif/core';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
settings.enableAutoTranspile = true;

await execute({ dir: import.meta.url });
