#!/usr/bin/env -S node --max-old-space-size=128
// A bounded heap makes V8 collect early rather than grow, so memory stays flat on inputs of any size
// (the parse thread has its own limit, see src/pipeline/parse-thread.ts).
import '../dist/cli/entry.js';
