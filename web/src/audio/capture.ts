// A capture session on the page: the AudioContext, the capture worklet (processor.ts),
// the microphone when chosen, and the analysis subsystems (levels and pitch, each in a
// Worker running the WebAssembly analyzers) fed by the hub. Every message from the
// worklet is checked against its schema first; so is every message sent to it.

import processorUrl from "./processor.ts?worker&url";
import wasmUrl from "./wasm/vortex_wasm.wasm?url";
import { formatIssues } from "../protocol/schemaValidator";
import { BatchHub } from "./hub";
import {
  DEFAULT_OPTIONS,
  PROCESSOR_NAME,
  type FromWorklet,
  type NoiseConfig,
  type StatusUpdate,
  type TestSignalConfig,
  type ToWorklet,
  type WorkletOptions,
} from "./messages";
import { validateFromWorklet, validateToWorklet } from "./validate";
import { WorkerSubsystem, type SubsystemReading } from "./workerSubsystem";

export interface CaptureError {
  /** The worklet's error code, or "subsystem" / "invalid_message" for the page's own. */
  code: string;
  message: string;
  /** Where: the field path, or the failing subsystem's name. */
  where?: string;
}

export interface CaptureEvents {
  onReading(r: SubsystemReading): void;
  onStatus(s: StatusUpdate): void;
  onError(e: CaptureError): void;
}

let wasmModule: Promise<WebAssembly.Module> | null = null;

/** The analyzers' module, fetched and compiled once per page. */
function loadWasm(): Promise<WebAssembly.Module> {
  wasmModule ??= fetch(wasmUrl)
    .then((r) => {
      if (!r.ok) throw new Error(`${wasmUrl}: HTTP ${r.status}`);
      return r.arrayBuffer();
    })
    .then((bytes) => WebAssembly.compile(bytes));
  wasmModule.catch(() => {
    wasmModule = null;
  });
  return wasmModule;
}

export class CaptureSession {
  readonly hub: BatchHub;
  private readonly subsystems: WorkerSubsystem[] = [];
  private mic: { stream: MediaStream; source: MediaStreamAudioSourceNode } | null = null;
  private nextId = 1;

  private constructor(
    readonly context: AudioContext,
    private readonly node: AudioWorkletNode,
    private readonly events: CaptureEvents,
  ) {
    this.hub = new BatchHub((buffer) => this.send({ type: "return_buffer", buffer }, [buffer]));
    node.port.onmessage = (event: MessageEvent) => this.receive(event.data);
    // The processor threw outside process()'s own guard (it then stops for good).
    node.onprocessorerror = () =>
      events.onError({ code: "processing_failed", message: "the capture worklet stopped with an uncaught error" });
  }

  /** Opens the context and the worklet and starts the subsystems (not yet processing). */
  static async open(events: CaptureEvents, options: WorkletOptions = DEFAULT_OPTIONS, a4Hz = 440): Promise<CaptureSession> {
    const context = new AudioContext({ latencyHint: "interactive" });
    try {
      const [module] = await Promise.all([loadWasm(), context.audioWorklet.addModule(processorUrl)]);
      const node = new AudioWorkletNode(context, PROCESSOR_NAME, {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        outputChannelCount: [1],
        processorOptions: options,
      });
      // Pulled by the destination through a silent gain, so process() runs; nothing is heard.
      const mute = context.createGain();
      mute.gain.value = 0;
      node.connect(mute).connect(context.destination);
      const session = new CaptureSession(context, node, events);
      for (const kind of ["levels", "pitch"] as const) {
        session.subsystems.push(
          new WorkerSubsystem({
            kind,
            module,
            sampleRate: context.sampleRate,
            a4Hz,
            spawn: () => new Worker(new URL("./analysis.worker.ts", import.meta.url), { type: "module", name: `vortex-${kind}` }),
            onReading: (r) => events.onReading(r),
            onFailure: (name, reason) => events.onError({ code: "subsystem", message: reason, where: name }),
          }),
        );
      }
      for (const s of session.subsystems) session.hub.add(s);
      return session;
    } catch (e) {
      await context.close().catch(() => {});
      throw e;
    }
  }

  async start(): Promise<void> {
    await this.context.resume();
    this.hub.restart();
    this.send({ type: "start_processing" });
  }

  stop(): void {
    this.send({ type: "stop_processing" });
  }

  setBatch(batchSize: number, timeoutMs: number): void {
    this.send({ type: "update_batch_config", batch_size: batchSize, timeout_ms: timeoutMs });
  }

  setTestSignal(config: TestSignalConfig): void {
    this.send({ type: "update_test_signal_config", ...config });
  }

  setNoise(config: NoiseConfig): void {
    this.send({ type: "update_noise_config", ...config });
  }

  setReference(a4Hz: number): void {
    for (const s of this.subsystems) if (s.name === "pitch") s.setReference(a4Hz);
  }

  /** Connects the microphone (asks for permission the first time) or disconnects it. */
  async setMicrophone(on: boolean): Promise<void> {
    if (!on) {
      this.mic?.source.disconnect();
      for (const track of this.mic?.stream.getTracks() ?? []) track.stop();
      this.mic = null;
      return;
    }
    if (this.mic) return;
    // The raw signal: no echo cancellation, noise suppression or automatic gain.
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
    const source = this.context.createMediaStreamSource(stream);
    source.connect(this.node);
    this.mic = { stream, source };
  }

  async close(): Promise<void> {
    await this.setMicrophone(false);
    for (const s of this.subsystems) s.close();
    this.node.port.onmessage = null;
    this.node.disconnect();
    await this.context.close().catch(() => {});
  }

  private send(payload: ToWorklet, transfer: Transferable[] = []): void {
    const envelope = { message_id: this.nextId++, timestamp: Date.now(), payload };
    const checked = validateToWorklet(envelope);
    if (!checked.ok) {
      this.events.onError({ code: "invalid_message", message: `not sent: ${formatIssues(checked.errors)}`, where: checked.errors[0]?.path });
      return;
    }
    this.node.port.postMessage(envelope, transfer);
  }

  private receive(data: unknown): void {
    const checked = validateFromWorklet(data);
    if (!checked.ok) {
      this.events.onError({ code: "invalid_message", message: `from the worklet, refused: ${formatIssues(checked.errors)}`, where: checked.errors[0]?.path });
      // A batch's buffer still goes back, or the pool would shrink for good.
      const buffer = (data as { payload?: { buffer?: unknown } })?.payload?.buffer;
      if (buffer instanceof ArrayBuffer && buffer.byteLength > 0) this.send({ type: "return_buffer", buffer }, [buffer]);
      return;
    }
    const { timestamp, payload } = checked.value;
    this.dispatch(payload, timestamp);
  }

  private dispatch(payload: FromWorklet, timestamp: number): void {
    switch (payload.type) {
      case "audio_data_batch":
        this.hub.accept(payload, timestamp);
        break;
      case "status_update":
        this.events.onStatus(payload);
        break;
      case "processing_error":
        this.events.onError({ code: payload.code, message: payload.message, where: payload.context.path });
        break;
      case "processor_ready":
        break;
    }
  }
}
