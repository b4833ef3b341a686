# Now playing page: transport, position, volume, playlist, file browser, track and output.

player-waiting = Waiting for the engine…
player-state =
    { $state ->
        [playing] Playing
        [paused] Paused
        [stopped] Stopped
       *[other] Not connected
    }

## Transport

player-transport = Transport
player-previous = Previous
player-play = Play
player-pause = Pause
player-stop = Stop
player-next = Next
player-seek = Position
player-time-of = { $elapsed } of { $total }

## Volume and repeat

player-volume = Volume
player-volume-slider = Volume, dB
player-volume-number = Volume in dB, −150 to 0
player-volume-db = { NUMBER($db, maximumFractionDigits: 1) } dB
player-unit-db = dB
player-mute = Mute
player-repeat = Repeat
player-repeat-mode =
    { $mode ->
        [one] This item
        [all] Whole playlist
       *[off] Off
    }

## Playlist

player-playlist = Playlist ({ $count })
player-playlist-empty = The playlist is empty. Add files from the music folders.
player-playlist-play = Play:
player-playlist-move-up = Move “{ $title }” up
player-playlist-move-down = Move “{ $title }” down
player-playlist-remove = Remove “{ $title }”

## File browser

player-files = Music folders
player-files-location = Folder
player-files-root = All folders
player-files-up = Up
player-files-refresh = Refresh
player-files-folder = Folder:
player-files-add-short = Add
player-files-add = Add “{ $name }” to the playlist
player-files-add-all =
    { $count ->
        [0] No audio files here
        [one] Add the audio file
       *[other] Add all { $count } audio files
    }
player-files-added =
    { $count ->
        [0] Nothing was added.
        [one] Added one file to the playlist.
       *[other] Added { $count } files to the playlist.
    }
player-files-loading = Loading…
player-files-error = Could not open “{ $path }”: { $message }
player-files-truncated = This folder has more entries than can be shown; only some are listed.
player-files-empty = This folder is empty.
player-files-no-folders = No music folders are shared. Set server.music_folders in the configuration.

## Track format and output

player-track = Track
player-track-none = No file is playing.
player-track-none-source = No file is playing. Source: { $source }
player-track-codec = Codec
player-track-container = Container
player-track-rate = Sample rate
player-track-bits = Bit depth
player-track-channels = Channels
player-track-duration = Duration
player-output = Output
player-output-none = Not connected to the engine.
player-output-sink = Device
player-output-driver = Driver
player-output-rate = Sample rate
player-output-channels = Channels
player-output-block = Block size
player-output-latency = Latency
player-not-applicable = —
player-khz = { NUMBER($khz, maximumFractionDigits: 3) } kHz
player-bits = { $bits } bit
# Frame counts are passed as text: block sizes read as 1024, not 1,024.
player-frames = { $frames } frames
player-ms = { NUMBER($ms, maximumFractionDigits: 1) } ms
player-channels =
    { $channels ->
        [1] Mono
        [2] Stereo
       *[other] { $channels } channels
    }
