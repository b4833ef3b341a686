# Vortex web UI, English: the pipeline page (steps, filter forms, response plot,
# import, presets).

pipeline-waiting = Waiting for the engine's state…
pipeline-steps = Steps
pipeline-no-steps = The pipeline has no steps: the audio passes unchanged.
pipeline-step-filter = Step { $index }: filters
pipeline-step-mixer = Step { $index }: mixer { $name }
pipeline-step-empty = No filters in this step.
pipeline-mixer-summary = { $count } channels in, { $value } out.
pipeline-mixer-missing = No mixer named “{ $name }”.
pipeline-filter-missing = not defined
pipeline-bypass = Bypass
pipeline-channels = Channels
pipeline-channels-all = All
pipeline-channel = Channel { $index }
pipeline-output = Output { $index }
pipeline-remove = Remove
pipeline-remove-filter = Remove { $name }
pipeline-remove-step = Remove step { $index }
pipeline-move-up-filter = Move { $name } up
pipeline-move-down-filter = Move { $name } down
pipeline-move-up-step = Move step { $index } up
pipeline-move-down-step = Move step { $index } down
pipeline-drag-hint = Drag to reorder (or use the arrow buttons)
pipeline-show-form = Edit
pipeline-hide-form = Hide
pipeline-show-form-of = Edit { $name }
pipeline-hide-form-of = Hide { $name }
pipeline-form-label = Parameters of { $name }
pipeline-field-type = Type

## Sending

pipeline-in-sync = All changes are running.
pipeline-sending = Sending…
pipeline-unsent =
    { $count ->
        [one] One change not sent yet.
       *[other] { $count } changes not sent yet.
    }
pipeline-send = Send again
pipeline-discard = Discard changes
pipeline-notice-fix-first = Fix the marked fields first; nothing was sent.
pipeline-notice-refused = The engine refused the pipeline; see the marked fields.
pipeline-error-at = { $path }: { $message }

## Adding

pipeline-add-title = Add a filter
pipeline-add-target = Add to
pipeline-add-new-step = a new step at the end
pipeline-add = Add filter

pipeline-category-eq = Equaliser
pipeline-category-pass = Filters
pipeline-category-crossover = Crossover
pipeline-category-utility = Gain, delay, volume
pipeline-category-dynamics = Dynamics
pipeline-category-convolution = Convolution

## Filter types

pipeline-type-unknown = Unknown type { $type }
pipeline-type-peaking = Peaking
pipeline-type-lowshelf = Low shelf
pipeline-type-highshelf = High shelf
pipeline-type-lowshelf_fo = Low shelf (1st order)
pipeline-type-highshelf_fo = High shelf (1st order)
pipeline-type-tilt = Tilt
pipeline-type-graphic_eq = Graphic EQ
pipeline-type-lowpass = Lowpass
pipeline-type-highpass = Highpass
pipeline-type-lowpass_fo = Lowpass (1st order)
pipeline-type-highpass_fo = Highpass (1st order)
pipeline-type-bandpass = Bandpass
pipeline-type-notch = Notch
pipeline-type-allpass = Allpass
pipeline-type-allpass_fo = Allpass (1st order)
pipeline-type-linkwitz_transform = Linkwitz transform
pipeline-type-biquad = Biquad (coefficients)
pipeline-type-butterworth_lowpass = Butterworth lowpass
pipeline-type-butterworth_highpass = Butterworth highpass
pipeline-type-linkwitz_riley_lowpass = Linkwitz-Riley lowpass
pipeline-type-linkwitz_riley_highpass = Linkwitz-Riley highpass
pipeline-type-gain = Gain
pipeline-type-delay = Delay
pipeline-type-volume = Volume
pipeline-type-conv = Convolution (FIR)
pipeline-type-compressor = Compressor
pipeline-type-limiter = Limiter
pipeline-type-gate = Noise gate

pipeline-not-plotted-dynamics = Dynamics depend on the signal's level: not part of the response plot.
pipeline-not-plotted-convolution = The impulse response is not read by the page: not part of the response plot.

## Parameters

pipeline-param-freq = Frequency
pipeline-param-gain = Gain
pipeline-param-q = Q
pipeline-param-bandwidth = Bandwidth
pipeline-param-slope = Slope
pipeline-param-freq_act = Resonance now
pipeline-param-q_act = Q now
pipeline-param-freq_target = Resonance wanted
pipeline-param-q_target = Q wanted
pipeline-param-b0 = b0
pipeline-param-b1 = b1
pipeline-param-b2 = b2
pipeline-param-a0 = a0
pipeline-param-a1 = a1
pipeline-param-a2 = a2
pipeline-param-order = Order
pipeline-param-freq_min = Lowest band edge
pipeline-param-freq_max = Highest band edge
pipeline-param-gains = Band gains
pipeline-param-scale = Gain given in
pipeline-param-inverted = Inverted polarity
pipeline-param-mute = Muted
pipeline-param-delay = Delay
pipeline-param-unit = Delay given in
pipeline-param-subsample = Keep fractions of a sample
pipeline-param-volume = Volume
pipeline-param-ramp_time = Ramp time
pipeline-param-file = Impulse response file
pipeline-param-values = Impulse response values
pipeline-param-format = File format
pipeline-param-channel = Channel of the file (from 0)
pipeline-param-raw_channels = Channels in a raw file
pipeline-param-threshold = Threshold
pipeline-param-ratio = Ratio
pipeline-param-knee = Knee
pipeline-param-attack = Attack
pipeline-param-release = Release
pipeline-param-makeup = Makeup gain
pipeline-param-ceiling = Ceiling
pipeline-param-lookahead = Lookahead
pipeline-param-attenuation = Attenuation when closed
pipeline-param-hold = Hold

pipeline-choice-width = Width given as
pipeline-choice-source = Impulse response from

pipeline-option-scale-db = dB
pipeline-option-scale-linear = linear factor
pipeline-option-unit-ms = milliseconds
pipeline-option-unit-samples = samples
pipeline-option-unit-mm = millimetres (distance)
pipeline-option-format-audio = audio file (WAV, FLAC, …)
pipeline-option-format-f32 = raw 32-bit float
pipeline-option-format-f64 = raw 64-bit float
pipeline-option-format-s16 = raw 16-bit integer
pipeline-option-format-s24 = raw 24-bit integer
pipeline-option-format-s32 = raw 32-bit integer
pipeline-option-format-text = text, one value per line

pipeline-band = { $value } Hz
pipeline-band-add = Add a band
pipeline-band-remove = Remove the top band
pipeline-values-hint = { $count } taps, separated by commas or spaces

## Units and ranges

pipeline-unit-hz = Hz
pipeline-unit-db = dB
pipeline-unit-octaves = octaves
pipeline-unit-db-per-octave = dB/octave
pipeline-unit-ms = ms
pipeline-unit-dbfs = dBFS
pipeline-unit-dbtp = dBTP
pipeline-unit-samples = samples
pipeline-unit-mm = mm
pipeline-unit-short-octaves = oct
pipeline-unit-short-db-per-octave = dB/oct
pipeline-unit-short-ms = ms
pipeline-unit-short-samples = smp
pipeline-unit-short-mm = mm

pipeline-hint = { $unit }, { $range }
pipeline-range-any = any number
pipeline-range =
    { $bounds ->
        [closed-closed] { $min }–{ $max }
        [open-open] above { $min } and below { $max }
        [open-closed] above { $min }, up to { $max }
        [closed-open] from { $min }, below { $max }
        [closed-none] { $min } or more
        [open-none] above { $min }
        [none-closed] up to { $max }
       *[none-open] below { $max }
    }

## Summaries

pipeline-summary-labelled = { $name } { $value }
pipeline-summary-bands = { $count } bands
pipeline-summary-taps = { $count } taps
pipeline-summary-invalid = { $name }?
pipeline-short-q = Q
pipeline-short-q_act = Q
pipeline-short-q_target = Q
pipeline-short-b0 = b0
pipeline-short-b1 = b1
pipeline-short-b2 = b2
pipeline-short-a1 = a1
pipeline-short-a2 = a2
pipeline-short-order = order
pipeline-short-ratio = ratio
pipeline-short-gain = ×

## Problems found before sending

pipeline-issue-required = Required.
pipeline-issue-number = Enter a number.
pipeline-issue-integer = Enter a whole number.
pipeline-issue-even = Must be an even number.
pipeline-issue-range = Must be { $range }.
pipeline-issue-items = Needs { $range } entries.
pipeline-issue-bool = Must be on or off.
pipeline-issue-option = Choose one of the options.
pipeline-issue-text = Enter a file name.
pipeline-issue-invalid = The engine cannot design the filter with this value.
pipeline-issue-width-missing = Give a Q or a width.
pipeline-issue-width-many = Give only one of Q, slope or bandwidth.
pipeline-issue-unstable = These coefficients are unstable (poles on or outside the unit circle).
pipeline-issue-a0-zero = a0 must not be 0.
pipeline-issue-freq-order = Must be above the lowest band edge.
pipeline-issue-source-missing = Give a file or values.
pipeline-issue-source-many = Give a file or values, not both.
pipeline-issue-unknown-type = The engine does not know the type “{ $value }”.
pipeline-issue-unknown-filter = No filter named “{ $value }”.
pipeline-issue-unknown-mixer = No mixer named “{ $value }”.
pipeline-issue-channels-empty = Choose at least one channel.
pipeline-issue-channel-missing = Channel { $value } does not exist here (channels { $range }).
pipeline-issue-channel-twice = Channel { $value } is listed twice.
pipeline-issue-mixer-channels = The mixer does not take the { $value } channels that reach it.

## Response plot

pipeline-plot-title = Frequency response
pipeline-plot-phase = Show phase
pipeline-plot-phase-key = Dotted: phase (right axis, degrees)
pipeline-plot-label = Magnitude response of { $count } channels from 20 Hz to 20 kHz: { $range }.
pipeline-plot-channel-range = output { $index } from { $min } to { $max } dB
pipeline-plot-note = Computed from the edits as you make them. Dynamics (compressor, limiter, gate) and convolution are not included.
pipeline-plot-left-out = Not included: { $names }.
pipeline-plot-invalid = Left out until fixed: { $names }.

## Import

pipeline-import-title = Import an EQ file
pipeline-import-file = EqualizerAPO, AutoEQ (ParametricEQ.txt) or REW filter export
pipeline-import-hint = The file is read by the engine; you choose what to do with it next.
pipeline-import-reading = Reading the file…
pipeline-import-failed = Could not import { $name }: { $message }
pipeline-import-read = { $name } ({ $format }): { $count } filters.
pipeline-import-format-equalizer_apo = EqualizerAPO
pipeline-import-format-rew = REW
pipeline-import-warnings =
    { $count ->
        [one] One line was not imported:
       *[other] { $count } lines were not imported:
    }
pipeline-import-replace = Replace the pipeline
pipeline-import-append = Append to the pipeline
pipeline-import-renamed = Renamed to avoid clashes: { $names }.

## Presets

pipeline-presets-title = Presets
pipeline-presets-none = No presets saved yet.
pipeline-preset-name = Preset name
pipeline-preset-rules = Up to 64 letters, digits, spaces, “-”, “_” and “.”; starting with a letter or digit.
pipeline-preset-save = Save the running pipeline
pipeline-preset-overwrite = Overwrite the preset
pipeline-preset-saved = Saved as “{ $name }”.
pipeline-preset-overwritten = “{ $name }” overwritten.
pipeline-preset-loaded = “{ $name }” loaded.
pipeline-preset-deleted = “{ $name }” deleted.
pipeline-preset-load = Load
pipeline-preset-load-named = Load { $name }
pipeline-preset-delete = Delete
pipeline-preset-delete-named = Delete { $name }
pipeline-preset-confirm = Really delete?
pipeline-preset-confirm-named = Really delete? { $name }
pipeline-preset-problem-empty = Enter a name.
pipeline-preset-problem-too-long = At most 64 characters.
pipeline-preset-problem-characters = Only letters, digits, spaces, “-”, “_” and “.”.
pipeline-preset-problem-first = Must start with a letter or digit.
pipeline-preset-problem-space-edge = Must not start or end with a space.
pipeline-preset-problem-dots = Must not contain “..”.
pipeline-preset-problem-reserved = This name is reserved by Windows.
