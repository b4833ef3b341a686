// The capture AudioWorkletProcessor, registered as "vortex-capture": a shell around
// CaptureCore, which does the work. Loaded with `audioWorklet.addModule` from the URL
// Vite builds for it (capture.ts imports it with `?worker&url`).

import { CaptureCore } from "./captureCore";
import { PROCESSOR_NAME, type FromWorkletEnvelope } from "./messages";

/** The parts of AudioWorkletGlobalScope used here (not in TypeScript's DOM library). */
interface WorkletScope {
  AudioWorkletProcessor: new () => { readonly port: MessagePort };
  registerProcessor(name: string, processor: unknown): void;
  readonly sampleRate: number;
  readonly currentFrame: number;
}

const scope = globalThis as unknown as WorkletScope;

class CaptureProcessor extends scope.AudioWorkletProcessor {
  private readonly core: CaptureCore;

  constructor(options?: { processorOptions?: unknown }) {
    super();
    const port = this.port;
    this.core = new CaptureCore(options?.processorOptions, scope.sampleRate, (message: FromWorkletEnvelope, transfer?: Transferable[]) =>
      transfer ? port.postMessage(message, transfer) : port.postMessage(message),
    );
    port.onmessage = (event: MessageEvent) => this.core.receive(event.data);
  }

  process(inputs: Float32Array[][]): boolean {
    return this.core.process(inputs[0] ?? [], scope.currentFrame);
  }
}

scope.registerProcessor(PROCESSOR_NAME, CaptureProcessor);
