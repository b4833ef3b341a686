# Vortex-Weboberfläche, Deutsch. Diese Datei: Rahmen (Kopfzeile, Navigation, Verbindung, Fehler).

app-title = Vortex
skip-to-content = Zum Inhalt springen

## Navigation

nav-label = Seiten
nav-now = Wiedergabe
nav-pipeline = Pipeline
nav-monitor = Monitor
nav-tuner = Stimmgerät
nav-settings = Einstellungen

## Verbindung

connection-status =
    { $status ->
        [connecting] Verbinde…
        [open] Verbunden
       *[offline] Getrennt
    }
connection-retry = Neuer Versuch in { $seconds } s (Versuch { $attempt })
offline-title = Keine Verbindung zur Engine.
server-version = Server { $version } · Protokoll { $protocol }

## Fehler

error-last = Fehler { $code }: { $message }
error-dismiss = Schließen
