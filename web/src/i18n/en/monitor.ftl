# The Monitor page: spectrum analyser, level meters, loudness, pitch, engine health.

monitor-title = Monitor
monitor-reset-meters = Reset meters
monitor-no-data = No monitoring data yet.

## Spectrum

monitor-spectrum-title = Spectrum
monitor-spectrum-label = Spectrum analyser: level in dBFS over frequency, 20 Hz to 20 kHz
monitor-spectrum-mode = Display
monitor-spectrum-mode-bars = Bars (1/12 octave)
monitor-spectrum-mode-line = Line
monitor-spectrum-channels = Channels
monitor-spectrum-channels-sum = Sum of all
monitor-spectrum-channels-each = Each channel
monitor-spectrum-peak-hold = Peak hold
monitor-rate = Update rate (Hz)

## Levels

monitor-levels-title = Levels
monitor-channel = Channel { $channel }
monitor-meter-rms = Channel { $channel }, RMS level
monitor-meter-peak = Channel { $channel }, peak level
monitor-rms = RMS
monitor-peak = Peak
monitor-true-peak = True peak
monitor-clips = Clips

## Loudness

monitor-loudness-title = Loudness
monitor-loudness-momentary = Momentary
monitor-loudness-short-term = Short-term
monitor-loudness-integrated = Integrated
monitor-loudness-range = Loudness range

## Pitch

monitor-pitch-title = Pitch
monitor-pitch-note = Note
monitor-pitch-cents = Deviation
monitor-pitch-frequency = Frequency
monitor-pitch-confidence = Confidence

## Engine health

monitor-health-title = Engine
monitor-health-load = Load
monitor-health-underruns = Underruns
monitor-health-buffer = Buffer fill
monitor-health-latency = Latency
monitor-health-chart-label = Chart of engine load and output buffer fill over the last 30 seconds
monitor-health-legend-load = Load (%)
monitor-health-legend-buffer = Buffer fill (%)

## Units

monitor-unit-dbfs = dBFS
monitor-unit-dbtp = dBTP
monitor-unit-lufs = LUFS
monitor-unit-lu = LU
monitor-unit-hz = Hz
monitor-unit-percent = %
monitor-unit-ms = ms
monitor-unit-cents = cents
