# Vortex-Weboberfläche, Deutsch: die Pipeline-Seite (Schritte, Filterformulare,
# Frequenzgang, Import, Voreinstellungen).

pipeline-waiting = Warte auf den Zustand der Engine …
pipeline-steps = Schritte
pipeline-no-steps = Die Pipeline hat keine Schritte: Das Audiosignal bleibt unverändert.
pipeline-step-filter = Schritt { $index }: Filter
pipeline-step-mixer = Schritt { $index }: Mischer { $name }
pipeline-step-empty = Keine Filter in diesem Schritt.
pipeline-mixer-summary = { $count } Kanäle hinein, { $value } heraus.
pipeline-mixer-missing = Kein Mischer namens „{ $name }“.
pipeline-filter-missing = nicht definiert
pipeline-bypass = Umgehen
pipeline-channels = Kanäle
pipeline-channels-all = Alle
pipeline-channel = Kanal { $index }
pipeline-output = Ausgang { $index }
pipeline-remove = Entfernen
pipeline-remove-filter = { $name } entfernen
pipeline-remove-step = Schritt { $index } entfernen
pipeline-move-up-filter = { $name } nach oben
pipeline-move-down-filter = { $name } nach unten
pipeline-move-up-step = Schritt { $index } nach oben
pipeline-move-down-step = Schritt { $index } nach unten
pipeline-drag-hint = Zum Umordnen ziehen (oder die Pfeiltasten verwenden)
pipeline-show-form = Bearbeiten
pipeline-hide-form = Ausblenden
pipeline-show-form-of = { $name } bearbeiten
pipeline-hide-form-of = { $name } ausblenden
pipeline-form-label = Parameter von { $name }
pipeline-field-type = Typ

## Senden

pipeline-in-sync = Alle Änderungen laufen.
pipeline-sending = Wird gesendet …
pipeline-unsent =
    { $count ->
        [one] Eine Änderung ist noch nicht gesendet.
       *[other] { $count } Änderungen sind noch nicht gesendet.
    }
pipeline-send = Erneut senden
pipeline-discard = Änderungen verwerfen
pipeline-notice-fix-first = Bitte zuerst die markierten Felder korrigieren; es wurde nichts gesendet.
pipeline-notice-refused = Die Engine hat die Pipeline abgelehnt; siehe die markierten Felder.
pipeline-error-at = { $path }: { $message }

## Hinzufügen

pipeline-add-title = Filter hinzufügen
pipeline-add-target = Hinzufügen zu
pipeline-add-new-step = einem neuen Schritt am Ende
pipeline-add = Filter hinzufügen

pipeline-category-eq = Equalizer
pipeline-category-pass = Filter
pipeline-category-crossover = Frequenzweiche
pipeline-category-utility = Verstärkung, Verzögerung, Lautstärke
pipeline-category-dynamics = Dynamik
pipeline-category-convolution = Faltung

## Filtertypen

pipeline-type-unknown = Unbekannter Typ { $type }
pipeline-type-peaking = Glocke
pipeline-type-lowshelf = Tiefenkuhschwanz
pipeline-type-highshelf = Höhenkuhschwanz
pipeline-type-lowshelf_fo = Tiefenkuhschwanz (1. Ordnung)
pipeline-type-highshelf_fo = Höhenkuhschwanz (1. Ordnung)
pipeline-type-tilt = Neigung
pipeline-type-graphic_eq = Grafischer EQ
pipeline-type-lowpass = Tiefpass
pipeline-type-highpass = Hochpass
pipeline-type-lowpass_fo = Tiefpass (1. Ordnung)
pipeline-type-highpass_fo = Hochpass (1. Ordnung)
pipeline-type-bandpass = Bandpass
pipeline-type-notch = Kerbfilter
pipeline-type-allpass = Allpass
pipeline-type-allpass_fo = Allpass (1. Ordnung)
pipeline-type-linkwitz_transform = Linkwitz-Transformation
pipeline-type-biquad = Biquad (Koeffizienten)
pipeline-type-butterworth_lowpass = Butterworth-Tiefpass
pipeline-type-butterworth_highpass = Butterworth-Hochpass
pipeline-type-linkwitz_riley_lowpass = Linkwitz-Riley-Tiefpass
pipeline-type-linkwitz_riley_highpass = Linkwitz-Riley-Hochpass
pipeline-type-gain = Verstärkung
pipeline-type-delay = Verzögerung
pipeline-type-volume = Lautstärke
pipeline-type-conv = Faltung (FIR)
pipeline-type-compressor = Kompressor
pipeline-type-limiter = Limiter
pipeline-type-gate = Noise-Gate

pipeline-not-plotted-dynamics = Dynamik hängt vom Pegel des Signals ab: nicht Teil des Frequenzgangs.
pipeline-not-plotted-convolution = Die Impulsantwort wird von der Seite nicht gelesen: nicht Teil des Frequenzgangs.

## Parameter

pipeline-param-freq = Frequenz
pipeline-param-gain = Verstärkung
pipeline-param-q = Güte (Q)
pipeline-param-bandwidth = Bandbreite
pipeline-param-slope = Flankensteilheit
pipeline-param-freq_act = Resonanz jetzt
pipeline-param-q_act = Güte jetzt
pipeline-param-freq_target = Gewünschte Resonanz
pipeline-param-q_target = Gewünschte Güte
pipeline-param-b0 = b0
pipeline-param-b1 = b1
pipeline-param-b2 = b2
pipeline-param-a0 = a0
pipeline-param-a1 = a1
pipeline-param-a2 = a2
pipeline-param-order = Ordnung
pipeline-param-freq_min = Untere Bandgrenze
pipeline-param-freq_max = Obere Bandgrenze
pipeline-param-gains = Bandverstärkungen
pipeline-param-scale = Verstärkung angegeben in
pipeline-param-inverted = Polarität umgekehrt
pipeline-param-mute = Stumm
pipeline-param-delay = Verzögerung
pipeline-param-unit = Verzögerung angegeben in
pipeline-param-subsample = Bruchteile eines Samples behalten
pipeline-param-volume = Lautstärke
pipeline-param-ramp_time = Übergangszeit
pipeline-param-file = Datei der Impulsantwort
pipeline-param-values = Werte der Impulsantwort
pipeline-param-format = Dateiformat
pipeline-param-channel = Kanal der Datei (ab 0)
pipeline-param-raw_channels = Kanäle in einer Rohdatei
pipeline-param-threshold = Schwelle
pipeline-param-ratio = Verhältnis
pipeline-param-knee = Knie
pipeline-param-attack = Ansprechzeit
pipeline-param-release = Rücklaufzeit
pipeline-param-makeup = Aufholverstärkung
pipeline-param-ceiling = Obergrenze
pipeline-param-lookahead = Vorausschau
pipeline-param-attenuation = Dämpfung im geschlossenen Zustand
pipeline-param-hold = Haltezeit

pipeline-choice-width = Breite angegeben als
pipeline-choice-source = Impulsantwort aus

pipeline-option-scale-db = dB
pipeline-option-scale-linear = linearer Faktor
pipeline-option-unit-ms = Millisekunden
pipeline-option-unit-samples = Samples
pipeline-option-unit-mm = Millimeter (Entfernung)
pipeline-option-format-audio = Audiodatei (WAV, FLAC, …)
pipeline-option-format-f32 = roh, 32-Bit-Gleitkomma
pipeline-option-format-f64 = roh, 64-Bit-Gleitkomma
pipeline-option-format-s16 = roh, 16-Bit-Ganzzahl
pipeline-option-format-s24 = roh, 24-Bit-Ganzzahl
pipeline-option-format-s32 = roh, 32-Bit-Ganzzahl
pipeline-option-format-text = Text, ein Wert pro Zeile

pipeline-band = { $value } Hz
pipeline-band-add = Band hinzufügen
pipeline-band-remove = Oberstes Band entfernen
pipeline-values-hint = { $count } Werte, getrennt durch Kommas oder Leerzeichen

## Einheiten und Bereiche

pipeline-unit-hz = Hz
pipeline-unit-db = dB
pipeline-unit-octaves = Oktaven
pipeline-unit-db-per-octave = dB/Oktave
pipeline-unit-ms = ms
pipeline-unit-dbfs = dBFS
pipeline-unit-dbtp = dBTP
pipeline-unit-samples = Samples
pipeline-unit-mm = mm
pipeline-unit-short-octaves = Okt.
pipeline-unit-short-db-per-octave = dB/Okt.
pipeline-unit-short-ms = ms
pipeline-unit-short-samples = Smp.
pipeline-unit-short-mm = mm

pipeline-hint = { $unit }, { $range }
pipeline-range-any = beliebige Zahl
pipeline-range =
    { $bounds ->
        [closed-closed] { $min }–{ $max }
        [open-open] über { $min } und unter { $max }
        [open-closed] über { $min }, bis { $max }
        [closed-open] ab { $min }, unter { $max }
        [closed-none] { $min } oder mehr
        [open-none] über { $min }
        [none-closed] bis { $max }
       *[none-open] unter { $max }
    }

## Zusammenfassungen

pipeline-summary-labelled = { $name } { $value }
pipeline-summary-bands = { $count } Bänder
pipeline-summary-taps = { $count } Werte
pipeline-summary-invalid = { $name }?
pipeline-short-q = Q
pipeline-short-q_act = Q
pipeline-short-q_target = Q
pipeline-short-b0 = b0
pipeline-short-b1 = b1
pipeline-short-b2 = b2
pipeline-short-a1 = a1
pipeline-short-a2 = a2
pipeline-short-order = Ordnung
pipeline-short-ratio = Verhältnis
pipeline-short-gain = ×

## Vor dem Senden gefundene Probleme

pipeline-issue-required = Erforderlich.
pipeline-issue-number = Bitte eine Zahl eingeben.
pipeline-issue-integer = Bitte eine ganze Zahl eingeben.
pipeline-issue-even = Muss eine gerade Zahl sein.
pipeline-issue-range = Muss { $range } sein.
pipeline-issue-items = Braucht { $range } Einträge.
pipeline-issue-bool = Muss ein- oder ausgeschaltet sein.
pipeline-issue-option = Bitte eine der Möglichkeiten wählen.
pipeline-issue-text = Bitte einen Dateinamen eingeben.
pipeline-issue-invalid = Mit diesem Wert kann die Engine den Filter nicht entwerfen.
pipeline-issue-width-missing = Bitte eine Güte oder eine Breite angeben.
pipeline-issue-width-many = Bitte nur eines von Güte, Flankensteilheit oder Bandbreite angeben.
pipeline-issue-unstable = Diese Koeffizienten sind instabil (Pole auf oder außerhalb des Einheitskreises).
pipeline-issue-a0-zero = a0 darf nicht 0 sein.
pipeline-issue-freq-order = Muss über der unteren Bandgrenze liegen.
pipeline-issue-source-missing = Bitte eine Datei oder Werte angeben.
pipeline-issue-source-many = Bitte eine Datei oder Werte angeben, nicht beides.
pipeline-issue-unknown-type = Die Engine kennt den Typ „{ $value }“ nicht.
pipeline-issue-unknown-filter = Kein Filter namens „{ $value }“.
pipeline-issue-unknown-mixer = Kein Mischer namens „{ $value }“.
pipeline-issue-channels-empty = Bitte mindestens einen Kanal wählen.
pipeline-issue-channel-missing = Kanal { $value } gibt es hier nicht (Kanäle { $range }).
pipeline-issue-channel-twice = Kanal { $value } ist doppelt aufgeführt.
pipeline-issue-mixer-channels = Der Mischer nimmt die { $value } Kanäle, die ihn erreichen, nicht an.

## Frequenzgang

pipeline-plot-title = Frequenzgang
pipeline-plot-phase = Phase anzeigen
pipeline-plot-phase-key = Gepunktet: Phase (rechte Achse, Grad)
pipeline-plot-label = Betragsfrequenzgang von { $count } Kanälen von 20 Hz bis 20 kHz: { $range }.
pipeline-plot-channel-range = Ausgang { $index } von { $min } bis { $max } dB
pipeline-plot-note = Berechnet aus den Änderungen, während sie gemacht werden. Dynamik (Kompressor, Limiter, Gate) und Faltung sind nicht enthalten.
pipeline-plot-left-out = Nicht enthalten: { $names }.
pipeline-plot-invalid = Ausgelassen, bis korrigiert: { $names }.

## Import

pipeline-import-title = EQ-Datei importieren
pipeline-import-file = EqualizerAPO, AutoEQ (ParametricEQ.txt) oder REW-Filterexport
pipeline-import-hint = Die Engine liest die Datei; danach entscheiden Sie, was damit geschieht.
pipeline-import-reading = Datei wird gelesen …
pipeline-import-failed = { $name } konnte nicht importiert werden: { $message }
pipeline-import-read = { $name } ({ $format }): { $count } Filter.
pipeline-import-format-equalizer_apo = EqualizerAPO
pipeline-import-format-rew = REW
pipeline-import-warnings =
    { $count ->
        [one] Eine Zeile wurde nicht importiert:
       *[other] { $count } Zeilen wurden nicht importiert:
    }
pipeline-import-replace = Pipeline ersetzen
pipeline-import-append = An die Pipeline anhängen
pipeline-import-renamed = Umbenannt, um Namensgleichheit zu vermeiden: { $names }.

## Voreinstellungen

pipeline-presets-title = Voreinstellungen
pipeline-presets-none = Noch keine Voreinstellungen gespeichert.
pipeline-preset-name = Name der Voreinstellung
pipeline-preset-rules = Bis zu 64 Buchstaben, Ziffern, Leerzeichen, „-“, „_“ und „.“; beginnend mit einem Buchstaben oder einer Ziffer.
pipeline-preset-save = Laufende Pipeline speichern
pipeline-preset-overwrite = Voreinstellung überschreiben
pipeline-preset-saved = Gespeichert als „{ $name }“.
pipeline-preset-overwritten = „{ $name }“ überschrieben.
pipeline-preset-loaded = „{ $name }“ geladen.
pipeline-preset-deleted = „{ $name }“ gelöscht.
pipeline-preset-load = Laden
pipeline-preset-load-named = { $name } laden
pipeline-preset-delete = Löschen
pipeline-preset-delete-named = { $name } löschen
pipeline-preset-confirm = Wirklich löschen?
pipeline-preset-confirm-named = Wirklich löschen? { $name }
pipeline-preset-problem-empty = Bitte einen Namen eingeben.
pipeline-preset-problem-too-long = Höchstens 64 Zeichen.
pipeline-preset-problem-characters = Nur Buchstaben, Ziffern, Leerzeichen, „-“, „_“ und „.“.
pipeline-preset-problem-first = Muss mit einem Buchstaben oder einer Ziffer beginnen.
pipeline-preset-problem-space-edge = Darf nicht mit einem Leerzeichen beginnen oder enden.
pipeline-preset-problem-dots = Darf kein „..“ enthalten.
pipeline-preset-problem-reserved = Dieser Name ist von Windows reserviert.
