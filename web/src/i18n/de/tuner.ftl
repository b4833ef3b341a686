# Die Stimmgerät-Seite: das Mikrofon des Browsers (oder sein eigenes Testsignal und
# Rauschen), im Browser mit den Analysatoren der Engine als WebAssembly ausgewertet.

tuner-title = Stimmgerät
tuner-intro = Läuft in diesem Browser: Mikrofon, Testsignal und Rauschen werden hier ausgewertet. Keine Engine nötig.
tuner-start = Start
tuner-stop = Stopp
tuner-reading = Tonhöhe
tuner-needle = Abweichung vom Ton in Cent
tuner-no-note = Kein Ton
tuner-frequency = Frequenz
tuner-confidence = Sicherheit
tuner-rms = RMS
tuner-true-peak = True Peak
tuner-level = Eingangspegel, RMS
tuner-unit-hz = Hz
tuner-unit-percent = %
tuner-unit-cents = Cent
tuner-unit-dbfs = dBFS
tuner-unit-ms = ms
tuner-unit-per-second = pro s

## Controls

tuner-controls = Quellen und Einstellungen
tuner-sources = Quellen (gemischt)
tuner-source-mic = Mikrofon
tuner-source-test = Testsignal
tuner-source-noise = Hintergrundrauschen
tuner-test-waveform = Wellenform
tuner-waveform-sine = Sinus
tuner-waveform-square = Rechteck
tuner-waveform-sawtooth = Sägezahn
tuner-waveform-triangle = Dreieck
tuner-test-frequency = Frequenz (Hz)
tuner-test-amplitude = Amplitude (0 bis 1)
tuner-noise-color = Farbe
tuner-noise-white = Weiß
tuner-noise-pink = Rosa
tuner-noise-level = Pegel (dBFS RMS)
tuner-settings = Einstellungen
tuner-reference = Kammerton A4 (Hz)
tuner-batch-size = Blockgröße
tuner-frames = { $frames } Frames
tuner-timeout = Teilblock nach (ms)
tuner-invalid-range = Muss zwischen { $min } und { $max } liegen.

## Debug

tuner-debug = Diagnose
tuner-debug-rate = Blöcke
tuner-debug-dropped = Verworfene Blöcke
tuner-debug-pool = Freie Puffer
tuner-debug-latency = Block bis Ergebnis (ms)
tuner-debug-analysis = Analyse je Block
tuner-debug-process = Worklet process()
tuner-debug-skipped = Übersprungen je Teilsystem
tuner-debug-last-error = Letzter Fehler
tuner-debug-no-error = keiner
tuner-debug-hold = Puffer zurückhalten (Pool-Erschöpfung testen)
