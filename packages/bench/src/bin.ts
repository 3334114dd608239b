#!/usr/bin/env node
/**
 * The `mlcompare` program that `@mlcompare/bench` declares as its `bin` (built: `dist/bin.js`,
 * started by plain node — about a second, against 2–5 s through tsx).
 */
import { runProgram } from './cli.js';

runProgram('bin');
