#!/usr/bin/env node
// The dextre CLI (built: runs dist/commands). `npm run build` first; bin/dev.js runs the TypeScript directly.
import process from 'node:process';
import { execute, settings } from '@oclif/core';

// The AWS SDK warns about Node 20 on every run; dextre pins a version that supports it (see STACK.md).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Always the compiled commands: with NODE_ENV=development or test (vitest sets it for child processes too)
// oclif would otherwise look for TypeScript sources and warn that it cannot map them. bin/dev.js runs the sources.
settings.enableAutoTranspile = false;

await execute({ dir: import.meta.url });
