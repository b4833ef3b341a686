# Vortex-Weboberfläche, Deutsch.

app-title = Vortex

## Verbindung

connection-status =
    { $status ->
        [connecting] Verbinde…
        [open] Verbunden
       *[offline] Getrennt
    }
connection-retry = Neuer Versuch in { $seconds } s (Versuch { $attempt })
server-version = Server { $version } · Protokoll { $protocol }

## Zustand der Engine

engine-waiting = Warte auf die Engine…
engine-source = Quelle
engine-transport = Wiedergabe
transport-state =
    { $state ->
        [playing] Spielt
        [paused] Pausiert
       *[stopped] Gestoppt
    }

## Fehler

error-last = Fehler { $code }: { $message }
error-dismiss = Schließen
