#!/usr/bin/env node
// The CLI entry. `npm ci` compiles src/ to dist/ (the prepare script).
import '../dist/cli/run.js';
