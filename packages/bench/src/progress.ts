/**
 * Progress output: a redrawn bar on a terminal (done / total, failures, elapsed, ETA, current
 * jobs), plain line-by-line progress otherwise (CI logs, pipes).
 */
import { displayText, type JobResult } from '@mlcompare/core';

/** A source of milliseconds; tests pass a fake one. */
export interface Clock {
  /** The current time in milliseconds, from any fixed origin. */
  now(): number;
}

/** The real clock. */
const systemClock: Clock = { now: () => performance.now() };

/** Where progress goes. */
export interface ProgressSink {
  /** Writes text as it is (no newline added). */
  write(text: string): unknown;
}

/** Renders milliseconds as `12.3 s`, `4:05` or `1:02:03`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--:--';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Tracks a run's progress and renders it. */
export class Progress {
  #done = 0;
  #failed = 0;
  readonly #running = new Map<string, string>();
  readonly #start: number;
  #lastDraw = -Infinity;
  #drawn = false;

  /**
   * @param total - jobs to run in this session (excluding those a resume skips).
   * @param sink - output stream.
   * @param options - `tty`: draw a bar (else one line per job); `clock`; `width` of the line.
   */
  constructor(
    readonly total: number,
    readonly sink: ProgressSink,
    readonly options: { tty: boolean; clock?: Clock; width?: number } = { tty: false },
  ) {
    this.#start = this.clock.now();
  }

  private get clock(): Clock {
    return this.options.clock ?? systemClock;
  }

  /** Jobs finished so far (any status). */
  get done(): number {
    return this.#done;
  }

  /** Jobs that ended in `error` or `timeout`. */
  get failed(): number {
    return this.#failed;
  }

  /** Milliseconds since the start. */
  get elapsedMs(): number {
    return this.clock.now() - this.#start;
  }

  /** Estimated milliseconds left (from the mean time per finished job); NaN before the first. */
  get etaMs(): number {
    if (this.#done === 0) return NaN;
    return (this.elapsedMs / this.#done) * (this.total - this.#done);
  }

  /** A job started. */
  started(jobId: string, text: string): void {
    this.#running.set(jobId, text);
    if (this.options.tty) this.draw(false);
  }

  /** A job finished (or was skipped). */
  finished(result: JobResult): void {
    this.#running.delete(result.jobId);
    this.#done++;
    if (result.status === 'error' || result.status === 'timeout') this.#failed++;
    if (this.options.tty) {
      if (result.status === 'error' || result.status === 'timeout') {
        this.clearLine();
        this.sink.write(`${result.status}: ${where(result)}: ${firstLine(result.error)}\n`);
      }
      this.draw(this.#done === this.total);
    } else {
      this.sink.write(this.line(result) + '\n');
    }
  }

  /** The plain one-line record of a finished job. */
  line(r: JobResult): string {
    const n = String(this.total).length;
    const head = `[${String(this.#done).padStart(n)}/${this.total}]`;
    if (r.status !== 'ok') return `${head} ${r.status.padEnd(7)} ${where(r)}: ${firstLine(r.error)}`;
    const entries = Object.entries(r.metrics);
    const metric = entries.length > 0 && entries[0]![1] !== null ? ` ${entries[0]![0]}=${entries[0]![1]!.toFixed(4)}` : '';
    return `${head} ok      ${where(r)}${metric} fit ${fmtMs(r.fitMs)} predict ${fmtMs(r.predictMs)}`;
  }

  /** The bar line (without drawing it). */
  barLine(): string {
    const width = this.options.width ?? 100;
    const frac = this.total === 0 ? 1 : this.#done / this.total;
    const barW = 24;
    const filled = Math.round(frac * barW);
    const bar = '█'.repeat(filled) + '░'.repeat(barW - filled);
    const fails = this.#failed > 0 ? ` ${this.#failed} failed` : '';
    const eta = this.#done === this.total ? '' : ` ETA ${formatDuration(this.etaMs)}`;
    const running = [...this.#running.values()].join(', ');
    const line = `${bar} ${this.#done}/${this.total}${fails} ${formatDuration(this.elapsedMs)}${eta}${running ? ` | ${running}` : ''}`;
    return line.length > width ? line.slice(0, width - 1) + '…' : line;
  }

  /** Redraws the bar (at most 10 times a second unless `force`). */
  draw(force: boolean): void {
    const t = this.clock.now();
    if (!force && t - this.#lastDraw < 100) return;
    this.#lastDraw = t;
    this.sink.write(`\r\x1b[2K${this.barLine()}`);
    this.#drawn = true;
  }

  /** Ends the bar's line so later output starts on a fresh one. */
  end(): void {
    if (this.options.tty && this.#drawn) {
      this.draw(true);
      this.sink.write('\n');
      this.#drawn = false;
    }
  }

  private clearLine(): void {
    if (this.#drawn) this.sink.write('\r\x1b[2K');
  }
}

function fmtMs(ms: number | null): string {
  if (ms === null) return 'n/a';
  return ms < 10 ? `${ms.toFixed(2)} ms` : ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function firstLine(s: string | null): string {
  // Error messages quote values from the data: one safe line (no terminal escapes), of bounded length.
  return displayText((s ?? '').split('\n')[0]!, 400);
}

/** `dataset label rR fF`, names from the data made safe for a terminal and cut to 60 characters. */
function where(r: JobResult): string {
  return `${displayText(r.dataset, 60)} ${displayText(r.label, 60)} r${r.repeat} f${r.fold}`;
}
