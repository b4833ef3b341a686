// The capture worklet's own sources, mixed with the microphone: a test signal (naive
// sine, square, sawtooth and triangle oscillators) and background noise (white, or pink
// through Paul Kellet's filter), each added into a quantum in place. Deterministic
// (xorshift32 noise from a fixed seed) and allocation-free after construction.

import type { NoiseConfig, TestSignalConfig } from "./messages";

const TAU = 2 * Math.PI;

export class TestSignal {
  private phase = 0;
  private config: TestSignalConfig = { enabled: false, waveform: "sine", frequency_hz: 440, amplitude: 0.5 };

  constructor(private readonly sampleRate: number) {}

  get enabled(): boolean {
    return this.config.enabled && this.config.amplitude > 0;
  }

  /** Why `config` cannot play at this sample rate, or null when it can. */
  problem(config: TestSignalConfig): string | null {
    const nyquist = this.sampleRate / 2;
    return config.frequency_hz < nyquist
      ? null
      : `frequency_hz ${config.frequency_hz} Hz is not below half the sample rate (${nyquist} Hz)`;
  }

  /** Uses `config` from the next sample on; the phase carries over (no click). */
  configure(config: TestSignalConfig): void {
    this.config = { ...config };
  }

  /** Adds `count` samples of the signal into `out`. */
  addTo(out: Float32Array, count: number): void {
    if (!this.enabled) return;
    const { waveform, amplitude } = this.config;
    const step = this.config.frequency_hz / this.sampleRate;
    let phase = this.phase;
    for (let i = 0; i < count; i++) {
      let v: number;
      switch (waveform) {
        case "sine":
          v = Math.sin(TAU * phase);
          break;
        case "square":
          v = phase < 0.5 ? 1 : -1;
          break;
        case "sawtooth":
          v = 2 * phase - 1;
          break;
        case "triangle":
          v = phase < 0.5 ? 4 * phase - 1 : 3 - 4 * phase;
          break;
      }
      out[i] = (out[i] ?? 0) + amplitude * v;
      phase += step;
      if (phase >= 1) phase -= 1;
    }
    this.phase = phase;
  }
}

/** Uniform white noise in [-1, 1) has RMS 1/sqrt(3). */
const UNIFORM_RMS = 1 / Math.sqrt(3);

export class Noise {
  private state = 0x9e3779b9;
  private b = new Float64Array(7);
  /** Scales the pink filter's output to the white input's RMS (measured once, below). */
  private readonly pinkGain: number;
  private config: NoiseConfig = { enabled: false, color: "white", level_db: -40 };

  constructor() {
    let sum = 0;
    const n = 1 << 16;
    for (let i = 0; i < n; i++) {
      const p = this.pink(this.white());
      sum += p * p;
    }
    this.pinkGain = UNIFORM_RMS / Math.sqrt(sum / n);
    this.b.fill(0);
  }

  get enabled(): boolean {
    return this.config.enabled;
  }

  configure(config: NoiseConfig): void {
    this.config = { ...config };
  }

  /** Adds `count` samples of noise at the configured RMS level into `out`. */
  addTo(out: Float32Array, count: number): void {
    if (!this.config.enabled) return;
    const gain = 10 ** (this.config.level_db / 20) / UNIFORM_RMS;
    const pink = this.config.color === "pink";
    for (let i = 0; i < count; i++) {
      const w = this.white();
      const v = pink ? this.pink(w) * this.pinkGain : w;
      out[i] = (out[i] ?? 0) + gain * v;
    }
  }

  /** xorshift32, uniform in [-1, 1). */
  private white(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 2 ** 31 - 1;
  }

  /** Paul Kellet's refined pink filter (-3 dB/octave within 0.05 dB above 9 Hz at 44.1 kHz). */
  private pink(white: number): number {
    const b = this.b;
    b[0] = 0.99886 * b[0]! + white * 0.0555179;
    b[1] = 0.99332 * b[1]! + white * 0.0750759;
    b[2] = 0.969 * b[2]! + white * 0.153852;
    b[3] = 0.8665 * b[3]! + white * 0.3104856;
    b[4] = 0.55 * b[4]! + white * 0.5329522;
    b[5] = -0.7616 * b[5]! - white * 0.016898;
    const out = b[0]! + b[1]! + b[2]! + b[3]! + b[4]! + b[5]! + b[6]! + white * 0.5362;
    b[6] = white * 0.115926;
    return out;
  }
}
