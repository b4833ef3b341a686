# Vortex web UI, English (the reference locale: every message is defined here first).
# This file: the shell (header, navigation, connection, errors).

app-title = Vortex
skip-to-content = Skip to content

## Navigation

nav-label = Pages
nav-now = Now playing
nav-pipeline = Pipeline
nav-monitor = Monitor
nav-tuner = Tuner
nav-settings = Settings

## Connection

connection-status =
    { $status ->
        [connecting] Connecting…
        [open] Connected
       *[offline] Offline
    }
connection-retry = Reconnecting in { $seconds } s (attempt { $attempt })
offline-title = Not connected to the engine.
server-version = Server { $version } · protocol { $protocol }

## Errors

error-last = Error { $code }: { $message }
error-dismiss = Dismiss
