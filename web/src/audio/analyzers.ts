// The TypeScript face of the WebAssembly analyzers (crates/vortex-wasm): plain exports
// over linear memory, no wasm-bindgen. Each analyzer owns an input area of MAX_BATCH
// samples inside the module; `process` copies a batch there, runs it and reads the
// result slots (their order is the Rust crate's `RESULT_*` constants).

/** The export interface this wrapper speaks (vortex_wasm::ABI_VERSION). */
export const ABI_VERSION = 1;

interface Exports {
  memory: WebAssembly.Memory;
  vx_abi_version(): number;
  vx_max_batch(): number;
  vx_last_error(): number;
  vx_last_error_len(): number;
  vx_pitch_new(sampleRate: number, window: number, hop: number, fMin: number, fMax: number, a4: number): number;
  vx_pitch_free(h: number): void;
  vx_pitch_input(h: number): number;
  vx_pitch_process(h: number, len: number): number;
  vx_pitch_result(h: number): number;
  vx_pitch_note(h: number): number;
  vx_pitch_set_a4(h: number, a4: number): number;
  vx_levels_new(sampleRate: number): number;
  vx_levels_free(h: number): void;
  vx_levels_input(h: number): number;
  vx_levels_process(h: number, len: number): void;
  vx_levels_result(h: number): number;
}

/** The latest pitch frame. */
export interface PitchReading {
  /** Centre of the frame's window, s since the analyzer started. */
  timeS: number;
  /** Fundamental, Hz (0 when unvoiced). */
  f0Hz: number;
  /** Periodicity, 0..1. */
  confidence: number;
  voiced: boolean;
  /** Note name with octave ("A4"), null when unvoiced. */
  note: string | null;
  /** MIDI number (A4 = 69), null when unvoiced. */
  midi: number | null;
  /** Offset from the note, cents, -50..50 (0 when unvoiced). */
  cents: number;
}

export const LEVEL_CLASSES = ["silent", "quiet", "normal", "loud", "clipping"] as const;
export type LevelClass = (typeof LEVEL_CLASSES)[number];

/** Levels after the latest batch, dBFS. */
export interface LevelReading {
  rmsDb: number;
  peakDb: number;
  truePeakDb: number;
  peakHoldDb: number;
  clips: number;
  level: LevelClass;
  /** Confidence of the class, 0..1. */
  confidence: number;
}

export interface PitchOptions {
  sampleRate: number;
  /** Window, samples (default 2048). */
  window?: number;
  /** Hop, samples (default 1024). */
  hop?: number;
  /** Search range, Hz (default 40..2000). */
  fMinHz?: number;
  fMaxHz?: number;
  /** Reference A4, Hz, 415..466 (default 440). */
  a4Hz?: number;
}

/** A loaded module: makes analyzers. */
export class Analyzers {
  private constructor(private readonly x: Exports) {}

  /** Instantiates the module (bytes or a compiled WebAssembly.Module) and checks its interface version. */
  static async load(source: BufferSource | WebAssembly.Module): Promise<Analyzers> {
    const instance =
      source instanceof WebAssembly.Module
        ? await WebAssembly.instantiate(source, {})
        : (await WebAssembly.instantiate(source, {})).instance;
    const x = instance.exports as unknown as Exports;
    const abi = x.vx_abi_version();
    if (abi !== ABI_VERSION) throw new Error(`vortex_wasm.wasm speaks interface ${abi}, this page ${ABI_VERSION}: rebuild the UI`);
    return new Analyzers(x);
  }

  /** Largest batch `process` takes, samples. */
  get maxBatch(): number {
    return this.x.vx_max_batch();
  }

  pitch(options: PitchOptions): PitchAnalyzer {
    const h = this.x.vx_pitch_new(
      options.sampleRate,
      options.window ?? 2048,
      options.hop ?? 1024,
      options.fMinHz ?? 40,
      options.fMaxHz ?? 2000,
      options.a4Hz ?? 440,
    );
    return new PitchAnalyzer(this.x, this.check(h, "pitch"));
  }

  levels(sampleRate: number): LevelAnalyzer {
    return new LevelAnalyzer(this.x, this.check(this.x.vx_levels_new(sampleRate), "levels"));
  }

  private check(handle: number, what: string): number {
    if (handle !== 0) return handle;
    throw new Error(`${what} analyzer refused its settings: ${lastError(this.x)}`);
  }
}

function lastError(x: Exports): string {
  return new TextDecoder().decode(new Uint8Array(x.memory.buffer, x.vx_last_error(), x.vx_last_error_len()));
}

/** Copies `samples` into the analyzer's input area; returns the count. */
function writeInput(x: Exports, at: number, samples: Float32Array): number {
  const n = Math.min(samples.length, x.vx_max_batch());
  new Float32Array(x.memory.buffer, at, n).set(samples.subarray(0, n));
  return n;
}

/** An analyzer handle in the module: freed once, refused after that. */
abstract class Handle {
  private freed = false;
  constructor(
    protected readonly x: Exports,
    private readonly handle: number,
    private readonly what: string,
    private readonly release: (h: number) => void,
  ) {}

  /** The handle, or an error when it was freed. */
  protected get h(): number {
    if (this.freed) throw new Error(`${this.what} analyzer used after free()`);
    return this.handle;
  }

  free(): void {
    if (!this.freed) this.release(this.handle);
    this.freed = true;
  }
}

export class PitchAnalyzer extends Handle {
  constructor(x: Exports, h: number) {
    super(x, h, "pitch", (handle) => x.vx_pitch_free(handle));
  }

  /** Analyses a batch; the latest frame it completed, or null when it completed none. */
  process(samples: Float32Array): PitchReading | null {
    const h = this.h;
    const n = writeInput(this.x, this.x.vx_pitch_input(h), samples);
    if (this.x.vx_pitch_process(h, n) === 0) return null;
    const r = new Float64Array(this.x.memory.buffer, this.x.vx_pitch_result(h), 8);
    const voiced = r[3] === 1;
    const nameBytes = new Uint8Array(this.x.memory.buffer, this.x.vx_pitch_note(h), 4);
    const name = String.fromCharCode(...nameBytes.filter((b) => b !== 0));
    return {
      timeS: r[0]!,
      f0Hz: r[1]!,
      confidence: r[2]!,
      voiced,
      note: voiced && name ? `${name}${r[6]}` : null,
      midi: voiced ? r[4]! : null,
      cents: r[5]!,
    };
  }

  /** Sets the reference A4, Hz (415..466); throws with the reason when refused. */
  setReference(a4Hz: number): void {
    if (this.x.vx_pitch_set_a4(this.h, a4Hz) !== 0) throw new Error(lastError(this.x));
  }
}

export class LevelAnalyzer extends Handle {
  constructor(x: Exports, h: number) {
    super(x, h, "level", (handle) => x.vx_levels_free(handle));
  }

  /** Meters a batch; the levels after it. */
  process(samples: Float32Array): LevelReading {
    const h = this.h;
    const n = writeInput(this.x, this.x.vx_levels_input(h), samples);
    this.x.vx_levels_process(h, n);
    const r = new Float64Array(this.x.memory.buffer, this.x.vx_levels_result(h), 7);
    return {
      rmsDb: r[0]!,
      peakDb: r[1]!,
      truePeakDb: r[2]!,
      peakHoldDb: r[3]!,
      clips: r[4]!,
      level: LEVEL_CLASSES[r[5]!] ?? "silent",
      confidence: r[6]!,
    };
  }
}
