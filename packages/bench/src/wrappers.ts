/**
 * The wrappers a command runs under. `pnpm mlcompare …` runs `sh -c "tsx … cli.ts"`, tsx runs
 * `node cli.ts`; `npm run bench` adds `npm` and another `sh` on top. When such a wrapper is killed
 * (`kill`, `timeout`), it does not pass SIGTERM on, and the run would go on in the background,
 * writing. {@link watchWrappers} notices that one of them is gone and says so, so the CLI stops the
 * run as on SIGTERM.
 *
 * It reads the process tree from `/proc` (Linux). Where there is none, it watches the parent
 * process only (`process.ppid` changes when the parent dies).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** A wrapper process: its pid, its parent's pid when the watch started, and its name for messages. */
interface Link {
  pid: number;
  ppid: number;
  name: string;
}

function readProc(pid: number): { ppid: number; argv: string[] } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid …; comm may hold spaces and parentheses: split after the last ')'.
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = after[0];
    if (state === 'Z' || state === 'X') return null; // a zombie has ended
    const ppid = Number(after[1]);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
    return { ppid, argv };
  } catch {
    return null;
  }
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh']);

/**
 * True for a process that only wraps the command: a package manager running a script (pnpm, npm,
 * npx, yarn), tsx, or a shell running a `-c` command line (the script's shell).
 * @param argv - its command line.
 */
export function isWrapper(argv: readonly string[]): boolean {
  if (argv.length === 0) return false;
  const exe = basename(argv[0]!);
  if (SHELLS.has(exe)) return argv[1] === '-c';
  // The program itself (pnpm's binary), or the script node runs (npm-cli.js, pnpm.cjs, tsx's cli.mjs).
  const program = /^node(js)?$/.test(exe) ? (argv[1] ?? '') : argv[0]!;
  const name = basename(program);
  return /^(pnpm|npm|npx|yarn|tsx)(\.c?js|\.mjs)?$/.test(name) || /^(npm-cli|npx-cli)\.js$/.test(name) || (name === 'cli.mjs' && program.includes('/tsx/'));
}

/** `tsx`, `pnpm mlcompare`, `sh -c`, `npm run`: a wrapper's name for messages. */
function describe(argv: readonly string[]): string {
  if (argv.some((a) => a.includes('/tsx/'))) return 'tsx';
  const words = argv.map((a) => basename(a)).filter((w) => w !== 'node');
  return words.slice(0, 2).join(' ');
}

/**
 * The chain of wrappers above this process: its parent and their parents, as long as each is a
 * wrapper ({@link isWrapper}); the first non-wrapper (the user's shell) is not included.
 * @returns each wrapper with its parent at the time of the call (empty without `/proc`).
 */
function wrapperChain(): Link[] {
  const chain: Link[] = [];
  let pid = process.ppid;
  for (let depth = 0; depth < 16 && pid > 1; depth++) {
    const p = readProc(pid);
    if (!p || !isWrapper(p.argv)) break;
    chain.push({ pid, ppid: p.ppid, name: describe(p.argv) });
    pid = p.ppid;
  }
  return chain;
}

/**
 * Calls `onGone` (once) when a wrapper of this process ends: one of the chain from
 * {@link wrapperChain} is gone (or a zombie). Only wrappers are watched, never the user's shell, so
 * `nohup … &` still outlives the terminal. Without `/proc`, when run by a package manager script
 * (`npm_lifecycle_event` is set), this process's parent is watched instead.
 * @param onGone - receives which wrapper ended (`pnpm mlcompare (pid 123)`).
 * @param intervalMs - how often to look. @defaultValue 250
 * @returns a function that stops watching.
 */
export function watchWrappers(onGone: (who: string) => void, intervalMs = 250): () => void {
  const hasProc = readProc(process.pid) !== null;
  const chain = hasProc ? wrapperChain() : [];
  const parent = process.ppid;
  const watchParent = !hasProc && process.env['npm_lifecycle_event'] !== undefined;
  if (chain.length === 0 && !watchParent) return () => {};
  let fired = false;
  const timer = setInterval(() => {
    if (watchParent && process.ppid !== parent) return fire(`the parent process ${parent}`);
    for (const link of chain) if (!readProc(link.pid)) return fire(`${link.name} (pid ${link.pid})`);
  }, intervalMs);
  timer.unref();
  function fire(who: string): void {
    if (fired) return;
    fired = true;
    clearInterval(timer);
    onGone(who);
  }
  return () => clearInterval(timer);
}
