# The Tuner page: the browser's microphone (or its own test signal and noise) analysed
# in the browser by the engine's analyzers compiled to WebAssembly.

tuner-title = Tuner
tuner-intro = Runs in this browser: the microphone, a test signal and noise, analysed here. No engine needed.
tuner-start = Start
tuner-stop = Stop
tuner-reading = Pitch
tuner-needle = Deviation from the note, in cents
tuner-no-note = No note
tuner-frequency = Frequency
tuner-confidence = Confidence
tuner-rms = RMS
tuner-true-peak = True peak
tuner-level = Input level, RMS
tuner-unit-hz = Hz
tuner-unit-percent = %
tuner-unit-cents = cents
tuner-unit-dbfs = dBFS
tuner-unit-ms = ms
tuner-unit-per-second = per s

## Controls

tuner-controls = Sources and settings
tuner-sources = Sources (mixed)
tuner-source-mic = Microphone
tuner-source-test = Test signal
tuner-source-noise = Background noise
tuner-test-waveform = Waveform
tuner-waveform-sine = Sine
tuner-waveform-square = Square
tuner-waveform-sawtooth = Sawtooth
tuner-waveform-triangle = Triangle
tuner-test-frequency = Frequency (Hz)
tuner-test-amplitude = Amplitude (0 to 1)
tuner-noise-color = Colour
tuner-noise-white = White
tuner-noise-pink = Pink
tuner-noise-level = Level (dBFS RMS)
tuner-settings = Settings
tuner-reference = Reference A4 (Hz)
tuner-batch-size = Batch size
tuner-frames = { $frames } frames
tuner-timeout = Partial batch after (ms)
tuner-invalid-range = Must be between { $min } and { $max }.

## Debug

tuner-debug = Debug
tuner-debug-rate = Batches
tuner-debug-dropped = Dropped batches
tuner-debug-pool = Free buffers
tuner-debug-latency = Batch to result (ms)
tuner-debug-analysis = Analysis per batch
tuner-debug-process = Worklet process()
tuner-debug-skipped = Skipped by subsystem
tuner-debug-last-error = Last error
tuner-debug-no-error = none
tuner-debug-hold = Hold buffers (to test pool exhaustion)
