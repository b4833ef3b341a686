# Settings page: the engine's configuration and this browser's preferences.

## Engine settings

settings-engine = Engine
settings-engine-intro = Saved to the engine's configuration file. The engine reads it when it starts, so changes take effect at the next start of vortex serve.
settings-load-error = Could not load the configuration: { $message }
settings-running-now = Running now: { $value }
settings-audio = Audio output
settings-device = Output device
settings-device-hint = The device the engine plays to; the driver's default device if none is chosen.
settings-device-default = The driver's default device
settings-device-unlisted = { $device } (not found now)
settings-device-host-default = { $device } (default)
settings-devices-error = Could not list the audio devices: { $message }
settings-hosts-unavailable =
    { $count ->
        [one] One audio host is not available
       *[other] { $count } audio hosts are not available
    }
settings-driver = Driver
settings-driver-name =
    { $driver ->
        [auto] Automatic (JACK, PipeWire, then ALSA)
        [jack] JACK
        [pipewire] PipeWire
        [alsa] ALSA
        [default] The system's default audio API
        [null] None (silent, paced in real time)
       *[other] { $driver }
    }
settings-sample-rate = Sample rate
settings-sample-rate-follow = Follow the file
settings-block-size = Block size
settings-block-size-hint = Frames per period. Smaller blocks lower the latency and raise the risk of dropouts.
settings-gpu = GPU offload
settings-gpu-enabled = Use the GPU
settings-gpu-hint = Heavy processing moves to a GPU where that pays off.
settings-gpu-backend = Backend
settings-gpu-backend-name =
    { $backend ->
        [auto] Automatic (CUDA, wgpu, then CPU)
        [cpu] CPU (reference implementation)
        [wgpu] wgpu (Vulkan, Metal, DirectX 12)
        [cuda] CUDA (NVIDIA)
       *[other] { $backend }
    }
settings-server = Server
settings-server-monitor-rate = Default monitoring rate
settings-rate-range = Frames per second, { $min } to { $max } Hz; each browser may ask for its own.
settings-hz = { NUMBER($hz, maximumFractionDigits: 1) } Hz
settings-khz = { NUMBER($khz, maximumFractionDigits: 3) } kHz
# Frame counts are passed as text: block sizes read as 1024, not 1,024.
settings-frames = { $frames } frames
settings-save = Save engine settings
settings-saving = Saving…
settings-save-refused = The settings were not saved:
settings-saved = Saved to { $file }.
settings-restart-required = These settings take effect the next time vortex serve starts. Restart it to use them.

## This browser

settings-ui = This browser
settings-ui-intro = Applied at once and kept for this browser (and on the server for your other browsers).
settings-language = Language
settings-language-auto = Automatic (the browser's language)
settings-theme = Theme
settings-theme-name =
    { $theme ->
        [light] Light
        [dark] Dark
        [contrast] High contrast
       *[system] Follow the system
    }
settings-monitor-rate = Monitoring rate
settings-monitor-rate-hint = Meter and spectrum updates per second this browser asks for, { $min } to { $max } Hz.
