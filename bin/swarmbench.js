#!/usr/bin/env node
// Thin launcher: the CLI is compiled from harness/ to dist/ by `npm run build` (done by setup).
import '../dist/harness/cli/main.js';
