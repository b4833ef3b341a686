# Die Seite „Monitor“: Spektrumanalysator, Pegelanzeigen, Lautheit, Tonhöhe, Zustand der Engine.

monitor-title = Monitor
monitor-reset-meters = Anzeigen zurücksetzen
monitor-no-data = Noch keine Messdaten.

## Spektrum

monitor-spectrum-title = Spektrum
monitor-spectrum-label = Spektrumanalysator: Pegel in dBFS über der Frequenz, 20 Hz bis 20 kHz
monitor-spectrum-mode = Darstellung
monitor-spectrum-mode-bars = Balken (1/12 Oktave)
monitor-spectrum-mode-line = Linie
monitor-spectrum-channels = Kanäle
monitor-spectrum-channels-sum = Summe aller
monitor-spectrum-channels-each = Jeder Kanal
monitor-spectrum-peak-hold = Spitzenwerte halten
monitor-rate = Aktualisierungsrate (Hz)

## Pegel

monitor-levels-title = Pegel
monitor-channel = Kanal { $channel }
monitor-meter-rms = Kanal { $channel }, RMS-Pegel
monitor-meter-peak = Kanal { $channel }, Spitzenpegel
monitor-rms = RMS
monitor-peak = Spitze
monitor-true-peak = True Peak
monitor-clips = Übersteuerungen

## Lautheit

monitor-loudness-title = Lautheit
monitor-loudness-momentary = Momentan
monitor-loudness-short-term = Kurzzeit
monitor-loudness-integrated = Integriert
monitor-loudness-range = Lautheitsbereich

## Tonhöhe

monitor-pitch-title = Tonhöhe
monitor-pitch-note = Note
monitor-pitch-cents = Abweichung
monitor-pitch-frequency = Frequenz
monitor-pitch-confidence = Sicherheit

## Zustand der Engine

monitor-health-title = Engine
monitor-health-load = Auslastung
monitor-health-underruns = Aussetzer
monitor-health-buffer = Pufferfüllstand
monitor-health-latency = Latenz
monitor-health-chart-label = Diagramm der Auslastung und des Ausgabepuffer-Füllstands der letzten 30 Sekunden
monitor-health-legend-load = Auslastung (%)
monitor-health-legend-buffer = Pufferfüllstand (%)

## Einheiten

monitor-unit-dbfs = dBFS
monitor-unit-dbtp = dBTP
monitor-unit-lufs = LUFS
monitor-unit-lu = LU
monitor-unit-hz = Hz
monitor-unit-percent = %
monitor-unit-ms = ms
monitor-unit-cents = Cent
