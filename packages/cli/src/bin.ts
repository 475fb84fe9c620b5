#!/usr/bin/env node
import { main } from "./main.js";

// The exit code is set rather than process.exit() called, so stdout is flushed when piped.
process.exitCode = await main(process.argv.slice(2));
