# Seite „Wiedergabe“: Transport, Position, Lautstärke, Wiedergabeliste, Dateiauswahl, Titel und Ausgabe.

player-waiting = Warte auf die Engine…
player-state =
    { $state ->
        [playing] Wiedergabe
        [paused] Pausiert
        [stopped] Gestoppt
       *[other] Nicht verbunden
    }

## Transport

player-transport = Transport
player-previous = Zurück
player-play = Abspielen
player-pause = Pause
player-stop = Stopp
player-next = Weiter
player-seek = Position
player-time-of = { $elapsed } von { $total }

## Lautstärke und Wiederholen

player-volume = Lautstärke
player-volume-slider = Lautstärke, dB
player-volume-number = Lautstärke in dB, −150 bis 0
player-volume-db = { NUMBER($db, maximumFractionDigits: 1) } dB
player-unit-db = dB
player-mute = Stumm
player-repeat = Wiederholen
player-repeat-mode =
    { $mode ->
        [one] Diesen Titel
        [all] Ganze Liste
       *[off] Aus
    }

## Wiedergabeliste

player-playlist = Wiedergabeliste ({ $count })
player-playlist-empty = Die Wiedergabeliste ist leer. Füge Dateien aus den Musikordnern hinzu.
player-playlist-play = Abspielen:
player-playlist-move-up = „{ $title }“ nach oben
player-playlist-move-down = „{ $title }“ nach unten
player-playlist-remove = „{ $title }“ entfernen

## Dateiauswahl

player-files = Musikordner
player-files-location = Ordner
player-files-root = Alle Ordner
player-files-up = Nach oben
player-files-refresh = Aktualisieren
player-files-folder = Ordner:
player-files-add-short = Hinzufügen
player-files-add = „{ $name }“ zur Wiedergabeliste hinzufügen
player-files-add-all =
    { $count ->
        [0] Keine Audiodateien hier
        [one] Die Audiodatei hinzufügen
       *[other] Alle { $count } Audiodateien hinzufügen
    }
player-files-added =
    { $count ->
        [0] Nichts hinzugefügt.
        [one] Eine Datei zur Wiedergabeliste hinzugefügt.
       *[other] { $count } Dateien zur Wiedergabeliste hinzugefügt.
    }
player-files-loading = Lade…
player-files-error = „{ $path }“ lässt sich nicht öffnen: { $message }
player-files-truncated = Dieser Ordner hat mehr Einträge, als angezeigt werden können; nur ein Teil ist aufgeführt.
player-files-empty = Dieser Ordner ist leer.
player-files-no-folders = Es sind keine Musikordner freigegeben. Lege server.music_folders in der Konfiguration fest.

## Titelformat und Ausgabe

player-track = Titel
player-track-none = Es wird keine Datei abgespielt.
player-track-none-source = Es wird keine Datei abgespielt. Quelle: { $source }
player-track-codec = Codec
player-track-container = Container
player-track-rate = Abtastrate
player-track-bits = Bittiefe
player-track-channels = Kanäle
player-track-duration = Dauer
player-output = Ausgabe
player-output-none = Nicht mit der Engine verbunden.
player-output-sink = Gerät
player-output-driver = Treiber
player-output-rate = Abtastrate
player-output-channels = Kanäle
player-output-block = Blockgröße
player-output-latency = Latenz
player-not-applicable = —
player-khz = { NUMBER($khz, maximumFractionDigits: 3) } kHz
player-bits = { $bits } Bit
# Frame-Anzahlen kommen als Text: Blockgrößen lesen sich als 1024, nicht 1.024.
player-frames = { $frames } Frames
player-ms = { NUMBER($ms, maximumFractionDigits: 1) } ms
player-channels =
    { $channels ->
        [1] Mono
        [2] Stereo
       *[other] { $channels } Kanäle
    }
