//! The control side: applies clients' commands to the engine and tells when the
//! engine's state changed (whoever changed it), so every client can be told.
//!
//! The engine is the single source of truth. [`Control::state`] reads it afresh each
//! time; [`Control::changed`] compares it with what was last published (ignoring the
//! play position, which moves continuously and travels in the monitoring frames).

use crate::files::{FileBrowser, FileError};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use vortex_engine::config::{ConfigErrors, FilterConfig, PipelineConfig};
use vortex_engine::decode::{DecodeOptions, Decoder};
use vortex_engine::engine::{Engine, EngineError, PlayState};
use vortex_engine::playlist::{PlaylistError, Repeat};
use vortex_engine::process::PipelineSource;
use vortex_protocol::{
    ClientMessage, EngineState, ErrorCode, FieldError, OutputInfo, PlaylistEntry, ProtocolError,
    RepeatMode, TrackInfo, TransportAction, TransportState,
};

/// What a command answers (besides the state change it may cause).
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Done.
    Ack,
    /// The state (for `get_state`).
    Snapshot(Box<EngineState>),
    /// A pipeline's validation.
    Validation {
        /// Whether it would run.
        valid: bool,
        /// Every problem, with its path in the pipeline.
        errors: Vec<FieldError>,
    },
    /// For `ping`.
    Pong,
}

/// The engine, as clients control it.
pub struct Control {
    engine: Arc<Engine>,
    files: FileBrowser,
    /// Where relative paths in pipelines sent by clients resolve (impulse responses).
    pipeline_dir: PathBuf,
    driver: String,
    version: AtomicU64,
    published: Mutex<Option<EngineState>>,
    /// The format of the last item asked about: files are probed once per item change.
    track: Mutex<Option<(u64, Option<TrackInfo>)>>,
}

/// The format of `path`, read from its header; None when it cannot be opened.
fn probe_track(path: &std::path::Path) -> Option<TrackInfo> {
    let decoder = Decoder::open(path, &DecodeOptions::default()).ok()?;
    let info = decoder.info();
    Some(TrackInfo {
        path: path.display().to_string(),
        codec: info.codec.clone(),
        container: info.container.clone(),
        sample_rate: info.sample_rate,
        channels: u32::try_from(info.channels).unwrap_or(u32::MAX),
        bits_per_sample: info.bits_per_sample,
        duration_s: info
            .total_frames
            .filter(|_| info.sample_rate > 0)
            .map(|n| n as f64 / f64::from(info.sample_rate)),
    })
}

fn engine_error(e: EngineError) -> ProtocolError {
    match e {
        EngineError::Playlist(PlaylistError::NoSuchItem(_)) => {
            ProtocolError::new(ErrorCode::UnknownTarget, e.to_string()).at("payload.item")
        }
        EngineError::Playlist(PlaylistError::Full { .. }) => {
            ProtocolError::new(ErrorCode::InvalidParameter, e.to_string()).at("payload.paths")
        }
        EngineError::Pipeline { .. } | EngineError::TooManyOutputs { .. } => {
            ProtocolError::new(ErrorCode::InvalidParameter, e.to_string()).at("payload.pipeline")
        }
        EngineError::NoPlaylist(_) => ProtocolError::new(ErrorCode::UnknownTarget, e.to_string()),
        e => ProtocolError::new(ErrorCode::EngineError, e.to_string()),
    }
}

/// The wire code for a refused file path (playlist additions, the file browser).
pub fn file_error_code(e: &FileError) -> ErrorCode {
    match e {
        FileError::NotFound { .. } | FileError::UnknownRoot { .. } => ErrorCode::NotFound,
        FileError::Io { .. } => ErrorCode::Internal,
        FileError::NotADirectory { .. } => ErrorCode::InvalidParameter,
        FileError::OutsideRoots { .. } | FileError::InvalidPath { .. } => ErrorCode::PathNotAllowed,
    }
}

/// An `invalid_parameter` error listing every problem; its path is the first
/// problem's, under `at` (a path prefix such as `payload.pipeline`, or empty).
pub fn invalid_fields(errors: &[FieldError], at: &str) -> ProtocolError {
    let all: Vec<String> = errors
        .iter()
        .map(|e| format!("{}: {}", e.path, e.message))
        .collect();
    let mut err = ProtocolError::new(ErrorCode::InvalidParameter, all.join("; "));
    if let Some(first) = errors.first() {
        err = err.at(match (at.is_empty(), first.path.is_empty()) {
            (true, _) => first.path.clone(),
            (false, true) => at.to_string(),
            (false, false) => format!("{at}.{}", first.path),
        });
    } else if !at.is_empty() {
        err = err.at(at);
    }
    err
}

/// Every problem of a configuration, as field errors (paths within it).
pub fn field_errors(errors: &ConfigErrors) -> Vec<FieldError> {
    errors
        .0
        .iter()
        .map(|e| FieldError {
            path: e.path.clone(),
            message: e.message.clone(),
        })
        .collect()
}

impl Control {
    /// Controls `engine`; playlist additions must lie in `files`' folders; relative
    /// paths in pipelines resolve against `pipeline_dir`; `driver` names the output
    /// driver for the state.
    pub fn new(
        engine: Arc<Engine>,
        files: FileBrowser,
        pipeline_dir: PathBuf,
        driver: String,
    ) -> Self {
        Self {
            engine,
            files,
            pipeline_dir,
            driver,
            version: AtomicU64::new(1),
            published: Mutex::new(None),
            track: Mutex::new(None),
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// The folders clients may browse and play from.
    pub fn files(&self) -> &FileBrowser {
        &self.files
    }

    /// The engine's state now.
    pub fn state(&self) -> EngineState {
        let e = &self.engine;
        let status = e.status();
        let spec = e.spec();
        let (playlist, current) = e.playlist().unwrap_or_default();
        let metrics_latency = status.latency_ms;
        let current_item = current.or((status.item != 0).then_some(status.item));
        let track = current_item.and_then(|id| {
            let item = playlist.iter().find(|i| i.id == id)?;
            let mut cache = self.track.lock().unwrap_or_else(|p| p.into_inner());
            match &*cache {
                Some((cached, info)) if *cached == id => info.clone(),
                _ => {
                    let info = probe_track(&item.path);
                    *cache = Some((id, info.clone()));
                    info
                }
            }
        });
        EngineState {
            transport: match status.state {
                PlayState::Playing => TransportState::Playing,
                PlayState::Paused => TransportState::Paused,
                PlayState::Finished => TransportState::Stopped,
            },
            position_s: status.position_s,
            current_item,
            playlist: playlist
                .into_iter()
                .map(|i| PlaylistEntry {
                    item: i.id,
                    title: i
                        .path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    path: i.path.display().to_string(),
                })
                .collect(),
            repeat: match e.repeat() {
                Ok(Repeat::One) => RepeatMode::One,
                Ok(Repeat::All) => RepeatMode::All,
                Ok(Repeat::Off) | Err(_) => RepeatMode::Off,
            },
            volume_db: status.volume_db,
            muted: status.muted,
            pipeline: e.pipeline().config().to_json(),
            output: OutputInfo {
                sink: status.sink.clone(),
                driver: self.driver.clone(),
                sample_rate: spec.sample_rate,
                channels: spec.channels as u32,
                block_frames: e.config().block_frames as u32,
                latency_ms: metrics_latency,
            },
            track,
            source: status.source,
            version: self.version.load(Relaxed),
        }
    }

    /// The state, if it changed since the last call (the position aside); the
    /// version counts changes.
    pub fn changed(&self) -> Option<EngineState> {
        let mut now = self.state();
        let mut published = self.published.lock().unwrap_or_else(|p| p.into_inner());
        let same = published.as_ref().is_some_and(|p| {
            let mut a = p.clone();
            a.position_s = now.position_s;
            a.version = now.version;
            a == now
        });
        if same {
            return None;
        }
        if published.is_some() {
            now.version = self.version.fetch_add(1, Relaxed) + 1;
        }
        *published = Some(now.clone());
        Some(now)
    }

    /// Parses a pipeline sent by a client. Relative file paths resolve where the
    /// running pipeline's do (its file's folder; the config folder if it has none).
    fn pipeline(&self, value: &serde_json::Value) -> Result<PipelineSource, Vec<FieldError>> {
        let cfg = PipelineConfig::from_json(value).map_err(|e| field_errors(&e))?;
        let running = self.engine.pipeline();
        let base = if running.base_dir().as_os_str().is_empty() {
            self.pipeline_dir.clone()
        } else {
            running.base_dir().to_path_buf()
        };
        self.check_files(&cfg, &base, running.config())?;
        Ok(PipelineSource::new(cfg, base))
    }

    /// A client may point convolution filters only at impulse responses the running
    /// pipeline already uses, or at files in the pipeline's folder, the config folder
    /// or a music folder: not at any file the server can read.
    fn check_files(
        &self,
        cfg: &PipelineConfig,
        base: &std::path::Path,
        running: &PipelineConfig,
    ) -> Result<(), Vec<FieldError>> {
        let file_of = |f: &FilterConfig| match f {
            FilterConfig::Conv {
                file: Some(file), ..
            } => Some(file.clone()),
            _ => None,
        };
        let inside = |file: &str| {
            let Ok(real) = base.join(file).canonicalize() else {
                // Missing: validation reports it, but only for a plain relative path
                // (so that nothing tells whether a file exists elsewhere).
                let rel = std::path::Path::new(file);
                return rel.is_relative()
                    && rel
                        .components()
                        .all(|c| matches!(c, std::path::Component::Normal(_)));
            };
            [base, self.pipeline_dir.as_path()]
                .iter()
                .filter_map(|d| d.canonicalize().ok())
                .any(|d| real.starts_with(d))
                || self.files.resolve(&real.to_string_lossy()).is_ok()
        };
        let errors: Vec<FieldError> = cfg
            .filters
            .iter()
            .filter_map(|(name, f)| Some((name, file_of(f)?)))
            .filter(|(name, file)| {
                running.filters.get(*name).and_then(file_of).as_ref() != Some(file) && !inside(file)
            })
            .map(|(name, file)| FieldError {
                path: format!("filters.{name}.file"),
                message: format!(
                    "{file} is outside the pipeline's folder, the config folder and the \
                     music folders"
                ),
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Checks a pipeline against the running output; every problem with its path.
    fn check(&self, value: &serde_json::Value) -> Result<PipelineSource, Vec<FieldError>> {
        let source = self.pipeline(value)?;
        match self.engine.check_pipeline(&source) {
            Ok(()) => Ok(source),
            Err(EngineError::Pipeline { errors, .. }) => Err(field_errors(&errors)),
            Err(e) => Err(vec![FieldError {
                path: String::new(),
                message: e.to_string(),
            }]),
        }
    }

    /// Applies a (validated) command.
    ///
    /// # Errors
    /// A [`ProtocolError`] saying what was refused and why; nothing was changed then.
    pub fn apply(&self, msg: &ClientMessage) -> Result<Reply, ProtocolError> {
        let e = &self.engine;
        match msg {
            ClientMessage::Hello { .. } | ClientMessage::SetMonitoring { .. } => Ok(Reply::Ack),
            ClientMessage::Ping => Ok(Reply::Pong),
            ClientMessage::ResetMeters => {
                if let Some(m) = e.monitor() {
                    m.reset();
                }
                Ok(Reply::Ack)
            }
            ClientMessage::GetState => Ok(Reply::Snapshot(Box::new(self.state()))),
            ClientMessage::Transport { action } => {
                match action {
                    TransportAction::Play => e.play(),
                    TransportAction::Pause => e.pause(),
                    TransportAction::Toggle => {
                        if e.status().state == PlayState::Playing {
                            e.pause()
                        } else {
                            e.play()
                        }
                    }
                    TransportAction::Stop => e.stop(),
                    TransportAction::Next => e.next(),
                    TransportAction::Previous => e.previous(),
                }
                .map_err(engine_error)?;
                Ok(Reply::Ack)
            }
            ClientMessage::Seek { position_s } => {
                e.seek(*position_s).map_err(engine_error)?;
                Ok(Reply::Ack)
            }
            ClientMessage::Goto { item } => {
                e.goto(*item).map_err(engine_error)?;
                Ok(Reply::Ack)
            }
            ClientMessage::PlaylistAdd { paths } => {
                let mut real = Vec::with_capacity(paths.len());
                for (i, p) in paths.iter().enumerate() {
                    let r = self.files.resolve(p).map_err(|err| {
                        ProtocolError::new(file_error_code(&err), err.to_string())
                            .at(format!("payload.paths[{i}]"))
                            .value(p.clone())
                    })?;
                    if !r.is_file() {
                        return Err(ProtocolError::new(
                            ErrorCode::InvalidParameter,
                            format!("{p} is not a file"),
                        )
                        .at(format!("payload.paths[{i}]")));
                    }
                    real.push(r);
                }
                e.playlist_add(real).map_err(engine_error)?;
                Ok(Reply::Ack)
            }
            ClientMessage::PlaylistRemove { item } => {
                e.playlist_remove(*item).map_err(engine_error)?;
                Ok(Reply::Ack)
            }
            ClientMessage::PlaylistMove { item, to } => {
                e.playlist_move(*item, *to as usize).map_err(engine_error)?;
                Ok(Reply::Ack)
            }
            ClientMessage::SetRepeat { mode } => {
                e.set_repeat(match mode {
                    RepeatMode::Off => Repeat::Off,
                    RepeatMode::One => Repeat::One,
                    RepeatMode::All => Repeat::All,
                })
                .map_err(engine_error)?;
                Ok(Reply::Ack)
            }
            ClientMessage::SetVolume { db } => {
                e.set_volume(*db).map_err(engine_error)?;
                Ok(Reply::Ack)
            }
            ClientMessage::SetMute { muted } => {
                e.set_mute(*muted).map_err(engine_error)?;
                Ok(Reply::Ack)
            }
            ClientMessage::SetFilterParameter {
                filter,
                parameter,
                value,
            } => {
                let mut doc = e.pipeline().config().to_json();
                let Some(f) = doc
                    .get_mut("filters")
                    .and_then(|f| f.get_mut(filter.as_str()))
                    .and_then(|f| f.as_object_mut())
                else {
                    return Err(ProtocolError::new(
                        ErrorCode::UnknownTarget,
                        format!("the pipeline has no filter named \"{filter}\""),
                    )
                    .at("payload.filter")
                    .value(filter.clone()));
                };
                f.insert(parameter.clone(), value.clone());
                let source = self.check(&doc).map_err(|errors| {
                    let mut err = invalid_fields(&errors, "pipeline");
                    err.context.path = Some("payload.value".into());
                    err.context.value = Some(value.to_string());
                    err
                })?;
                e.set_pipeline(&source).map_err(engine_error)?;
                Ok(Reply::Ack)
            }
            ClientMessage::SetPipeline { pipeline } => {
                let source = self
                    .check(pipeline)
                    .map_err(|errors| invalid_fields(&errors, "payload.pipeline"))?;
                e.set_pipeline(&source).map_err(engine_error)?;
                Ok(Reply::Ack)
            }
            ClientMessage::ValidatePipeline { pipeline } => Ok(match self.check(pipeline) {
                Ok(_) => Reply::Validation {
                    valid: true,
                    errors: Vec::new(),
                },
                Err(errors) => Reply::Validation {
                    valid: false,
                    errors,
                },
            }),
        }
    }
}

impl From<Reply> for vortex_protocol::ServerMessage {
    fn from(r: Reply) -> Self {
        use vortex_protocol::ServerMessage as M;
        match r {
            Reply::Ack => M::Ack,
            Reply::Pong => M::Pong,
            Reply::Snapshot(state) => M::Snapshot { state: *state },
            Reply::Validation { valid, errors } => M::ValidationResult { valid, errors },
        }
    }
}
