//! What the engine reports: track changes, skipped files, underruns, the end.

/// An event, in the order it happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A playlist item started playing (its first frame reached the output).
    TrackStarted {
        /// The item's identifier.
        item: u64,
    },
    /// A playlist item could not be played (or stopped early) and was skipped.
    TrackError {
        /// The item's identifier.
        item: u64,
        /// What went wrong, starting with the file name.
        message: String,
    },
    /// The source failed and cannot go on; playback stops.
    SourceFailed {
        /// What went wrong.
        message: String,
    },
    /// The callback needed audio and none was queued (the audio buffer pool was
    /// empty): silence was rendered.
    Underrun {
        /// Frames of silence rendered.
        frames: usize,
    },
    /// Everything queued has played and the source has ended.
    EndOfStream,
    /// The pipeline was replaced.
    PipelineChanged,
    /// Something worth telling the user that is not an error (the driver chosen,
    /// a clamped setting).
    Notice {
        /// The message.
        message: String,
    },
}

/// The fixed-size form of the events the callback itself raises (it cannot build
/// strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RtEvent {
    /// See [`Event::TrackStarted`].
    TrackStarted(u64),
    /// See [`Event::Underrun`].
    Underrun(usize),
    /// See [`Event::EndOfStream`].
    EndOfStream,
    /// See [`Event::PipelineChanged`].
    PipelineChanged,
}

impl From<RtEvent> for Event {
    fn from(e: RtEvent) -> Self {
        match e {
            RtEvent::TrackStarted(item) => Event::TrackStarted { item },
            RtEvent::Underrun(frames) => Event::Underrun { frames },
            RtEvent::EndOfStream => Event::EndOfStream,
            RtEvent::PipelineChanged => Event::PipelineChanged,
        }
    }
}
