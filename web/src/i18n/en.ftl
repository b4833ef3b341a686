# Vortex web UI, English (the reference locale: every message is defined here first).

app-title = Vortex

## Connection

connection-status =
    { $status ->
        [connecting] Connecting…
        [open] Connected
       *[offline] Offline
    }
connection-retry = Reconnecting in { $seconds } s (attempt { $attempt })
server-version = Server { $version } · protocol { $protocol }

## Engine state

engine-waiting = Waiting for the engine…
engine-source = Source
engine-transport = Transport
transport-state =
    { $state ->
        [playing] Playing
        [paused] Paused
       *[stopped] Stopped
    }

## Errors

error-last = Error { $code }: { $message }
error-dismiss = Dismiss
