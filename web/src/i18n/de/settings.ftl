# Seite „Einstellungen“: die Konfiguration der Engine und die Vorlieben dieses Browsers.

## Engine-Einstellungen

settings-engine = Engine
settings-engine-intro = Wird in der Konfigurationsdatei der Engine gespeichert. Die Engine liest sie beim Start, Änderungen gelten also ab dem nächsten Start von vortex serve.
settings-load-error = Die Konfiguration lässt sich nicht laden: { $message }
settings-running-now = Läuft gerade: { $value }
settings-audio = Audioausgabe
settings-device = Ausgabegerät
settings-device-hint = Das Gerät, auf dem die Engine spielt; ohne Auswahl das Standardgerät des Treibers.
settings-device-default = Standardgerät des Treibers
settings-device-unlisted = { $device } (derzeit nicht gefunden)
settings-device-host-default = { $device } (Standard)
settings-devices-error = Die Audiogeräte lassen sich nicht auflisten: { $message }
settings-hosts-unavailable =
    { $count ->
        [one] Eine Audioschnittstelle ist nicht verfügbar
       *[other] { $count } Audioschnittstellen sind nicht verfügbar
    }
settings-driver = Treiber
settings-driver-name =
    { $driver ->
        [auto] Automatisch (JACK, PipeWire, dann ALSA)
        [jack] JACK
        [pipewire] PipeWire
        [alsa] ALSA
        [default] Standard-Audioschnittstelle des Systems
        [null] Keiner (stumm, in Echtzeit getaktet)
       *[other] { $driver }
    }
settings-sample-rate = Abtastrate
settings-sample-rate-follow = Wie die Datei
settings-block-size = Blockgröße
settings-block-size-hint = Frames pro Periode. Kleinere Blöcke senken die Latenz und erhöhen das Risiko von Aussetzern.
settings-gpu = GPU-Auslagerung
settings-gpu-enabled = GPU verwenden
settings-gpu-hint = Aufwendige Verarbeitung wandert auf eine GPU, wo sich das lohnt.
settings-gpu-backend = Backend
settings-gpu-backend-name =
    { $backend ->
        [auto] Automatisch (CUDA, wgpu, dann CPU)
        [cpu] CPU (Referenzimplementierung)
        [wgpu] wgpu (Vulkan, Metal, DirectX 12)
        [cuda] CUDA (NVIDIA)
       *[other] { $backend }
    }
settings-server = Server
settings-server-monitor-rate = Standard-Messrate
settings-rate-range = Bilder pro Sekunde, { $min } bis { $max } Hz; jeder Browser kann eine eigene anfordern.
settings-hz = { NUMBER($hz, maximumFractionDigits: 1) } Hz
settings-khz = { NUMBER($khz, maximumFractionDigits: 3) } kHz
# Frame-Anzahlen kommen als Text: Blockgrößen lesen sich als 1024, nicht 1.024.
settings-frames = { $frames } Frames
settings-save = Engine-Einstellungen speichern
settings-saving = Speichere…
settings-save-refused = Die Einstellungen wurden nicht gespeichert:
settings-saved = Gespeichert in { $file }.
settings-restart-required = Diese Einstellungen gelten ab dem nächsten Start von vortex serve. Starte es neu, um sie zu verwenden.

## Dieser Browser

settings-ui = Dieser Browser
settings-ui-intro = Gilt sofort und bleibt für diesen Browser erhalten (und auf dem Server für deine anderen Browser).
settings-language = Sprache
settings-language-auto = Automatisch (Sprache des Browsers)
settings-theme = Farbschema
settings-theme-name =
    { $theme ->
        [light] Hell
        [dark] Dunkel
        [contrast] Hoher Kontrast
       *[system] Wie das System
    }
settings-monitor-rate = Messrate
settings-monitor-rate-hint = Aktualisierungen von Pegelanzeige und Spektrum pro Sekunde, die dieser Browser anfordert, { $min } bis { $max } Hz.
