import { describe, expect, it } from "vitest";
import { MonitorBuffer } from "./buffer";
import { MonitorTicker, type TickerEnv } from "./ticker";

/** Animation frames and visibility driven by the test. */
class FakeEnv implements TickerEnv {
  hidden = false;
  pending = new Map<number, (t: number) => void>();
  private next = 1;
  private visibility: (() => void) | null = null;
  requestFrame(cb: (t: number) => void): number {
    this.pending.set(this.next, cb);
    return this.next++;
  }
  cancelFrame(h: number): void {
    this.pending.delete(h);
  }
  isHidden(): boolean {
    return this.hidden;
  }
  onVisibilityChange(cb: () => void): () => void {
    this.visibility = cb;
    return () => (this.visibility = null);
  }
  /** Runs the frames that are due. */
  frame(t: number): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    due.forEach((cb) => cb(t));
  }
  setHidden(hidden: boolean): void {
    this.hidden = hidden;
    this.visibility?.();
  }
}

function setup(): { env: FakeEnv; buffer: MonitorBuffer; ticker: MonitorTicker; calls: number[] } {
  const env = new FakeEnv();
  const buffer = new MonitorBuffer();
  const ticker = new MonitorTicker(buffer, env);
  const calls: number[] = [];
  ticker.add((_b, t) => calls.push(t));
  ticker.start();
  return { env, buffer, ticker, calls };
}

const frameOf = (sequence: number) => ({ type: "monitor", sequence, time_s: 0, sample_rate: 48000 }) as const;

describe("monitor ticker", () => {
  it("calls listeners once at start, then only when the buffer's version moved", () => {
    const { env, buffer, calls } = setup();
    env.frame(1);
    env.frame(2);
    expect(calls).toEqual([1]);
    buffer.pushFrame(frameOf(1));
    env.frame(3);
    env.frame(4);
    expect(calls).toEqual([1, 3]);
  });

  it("calls them again when invalidated", () => {
    const { env, ticker, calls } = setup();
    env.frame(1);
    ticker.invalidate();
    env.frame(2);
    env.frame(3);
    expect(calls).toEqual([1, 2]);
  });

  it("asks for no frames while the page is hidden, and resumes when shown", () => {
    const { env, buffer, calls } = setup();
    env.frame(1);
    env.setHidden(true);
    env.frame(2); // the frame already asked for runs once, then no more are asked for
    expect(env.pending.size).toBe(0);
    buffer.pushFrame(frameOf(1));
    env.setHidden(false);
    expect(env.pending.size).toBe(1);
    env.frame(5);
    expect(calls).toEqual([1, 5]);
  });

  it("stops for good on stop, and removed listeners are not called", () => {
    const { env, buffer, ticker, calls } = setup();
    const other: number[] = [];
    const off = ticker.add((_b, t) => other.push(t));
    env.frame(1);
    off();
    buffer.pushFrame(frameOf(1));
    env.frame(2);
    expect(other).toEqual([1]);
    ticker.stop();
    expect(env.pending.size).toBe(0);
    env.setHidden(false);
    expect(env.pending.size).toBe(0);
    expect(calls).toEqual([1, 2]);
  });
});
