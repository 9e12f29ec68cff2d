#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm run build`, run by `npm ci` via `prepare`).
import { run } from '../dist/src/cli/main.js';

await run(process.argv);
