#!/usr/bin/env node
// What `pnpm install` prints, with @tensorflow/tfjs-node's failed install script said in one line.
//
// tfjs-node is an optional dependency of @mlcompare/mlp whose install script downloads
// libtensorflow. Offline (CI, sandboxes) that download fails and pnpm prints the script's ~25
// lines — a Node stack trace ending in "Failed" — although the install succeeds and mlp simply
// runs on WebAssembly. This filter keeps every other line as it is and replaces that block with:
//   setup: native TensorFlow unavailable (offline: cannot reach storage.googleapis.com) → mlp uses the WebAssembly backend
// A tfjs-node install that succeeds is shown as it is.
//
//   import { installOutputFilter } from './install-output.mjs'   (scripts/setup.mjs)
//   pnpm install 2>&1 | node scripts/install-output.mjs           (as a filter, stdin → stdout)
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { realpathSync } from 'node:fs';

const TFJS_NODE = /node_modules\/@tensorflow\/tfjs-node (?:pre|post)?install[:$]/;

/** Why the script failed, in words, from its lines. */
function reasonOf(lines) {
  const text = lines.join('\n');
  const host = /getaddrinfo (?:ENOTFOUND|EAI_AGAIN) (\S+)/.exec(text)?.[1];
  if (host) return `offline: cannot reach ${host}`;
  const error = /install: (?:Error: )?(.*(?:ECONNREFUSED|ETIMEDOUT|ECONNRESET|certificate|403|404).*)$/m.exec(text)?.[1];
  if (error) return error.trim();
  const any = /install: (\w*Error: .*)$/m.exec(text)?.[1];
  return any ? any.trim() : 'its install script failed';
}

/**
 * A line filter: feed it every line of pnpm's output; it returns the lines to print (none while
 * it holds tfjs-node's block, one line when that block ends in "Failed", the block as it was when
 * it ends otherwise).
 * @returns {{ line(l: string): string[], end(): string[] }}
 */
export function installOutputFilter() {
  let held = [];
  const close = (failed) => {
    const out = failed ? [`setup: native TensorFlow unavailable (${reasonOf(held)}) → mlp uses the WebAssembly backend`] : held;
    held = [];
    return out;
  };
  return {
    line(l) {
      if (TFJS_NODE.test(l)) {
        held.push(l);
        return /install: Failed\s*$/.test(l) ? close(true) : [];
      }
      return held.length > 0 ? [...close(false), l] : [l];
    },
    end() {
      return held.length > 0 ? close(false) : [];
    },
  };
}

const isMain = (() => {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (isMain) {
  const filter = installOutputFilter();
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (l) => {
    for (const o of filter.line(l)) process.stdout.write(o + '\n');
  });
  rl.on('close', () => {
    for (const o of filter.end()) process.stdout.write(o + '\n');
  });
}
