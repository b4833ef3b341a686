//! `vortex process`: files or directories through a pipeline, one file per worker thread.

use crate::output_args::OutputArgs;
use crate::{EXIT_CONFIG, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use vortex_engine::decode::{DecodeError, DecodeOptions};
use vortex_engine::encode::Container;
use vortex_engine::pipeline_file::load_pipeline;
use vortex_engine::process::{PipelineSource, ProcessError, process_file};

#[derive(Args, Debug)]
pub struct ProcessArgs {
    /// Input files or directories (directories are searched recursively).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output file (one input file) or directory (several inputs or a directory).
    #[arg(short, long)]
    output: PathBuf,
    /// Pipeline: a Vortex TOML file, an AutoEQ/EqualizerAPO ParametricEQ.txt or a REW
    /// filter export. Without it the audio passes through unchanged.
    #[arg(short, long)]
    pipeline: Option<PathBuf>,
    #[command(flatten)]
    out: OutputArgs,
    /// Worker threads (one file each) [default: all cores].
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Refuse input files larger than this many bytes.
    #[arg(long, default_value_t = DecodeOptions::default().max_file_bytes)]
    max_file_size: u64,
}

/// One file to process.
struct Task {
    input: PathBuf,
    output: PathBuf,
    /// Found by walking a directory (non-audio files are skipped, not failures).
    from_walk: bool,
}

/// Collects the files under `dir` (sorted, hidden entries left out) as (path, path
/// relative to the walked root). Symbolic links to files are followed; links to
/// directories are not (they could loop) and are listed in `skipped`.
fn walk(
    dir: &Path,
    rel: &Path,
    out: &mut Vec<(PathBuf, PathBuf)>,
    skipped: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = e.path();
        let kind = e.file_type()?;
        if kind.is_dir() {
            walk(&path, &rel.join(&name), out, skipped)?;
        } else if kind.is_symlink() && path.is_dir() {
            skipped.push(path);
        } else {
            out.push((path, rel.join(&name)));
        }
    }
    Ok(())
}

fn plan_tasks(args: &ProcessArgs, ext: &str) -> Result<Vec<Task>, String> {
    let single = args.inputs.len() == 1 && args.inputs[0].is_file() && !args.output.is_dir();
    if single {
        return Ok(vec![Task {
            input: args.inputs[0].clone(),
            output: args.output.clone(),
            from_walk: false,
        }]);
    }
    if args.output.exists() && !args.output.is_dir() {
        return Err(format!(
            "-o {}: exists and is not a directory; several inputs or a directory need an output directory",
            args.output.display()
        ));
    }
    let mut tasks = Vec::new();
    for input in &args.inputs {
        if input.is_dir() {
            let (mut found, mut skipped) = (Vec::new(), Vec::new());
            walk(input, Path::new(""), &mut found, &mut skipped)
                .map_err(|e| format!("{}: cannot read directory: {e}", input.display()))?;
            for link in skipped {
                eprintln!("skipped {} (a link to a directory)", link.display());
            }
            for (path, rel) in found {
                tasks.push(Task {
                    output: args.output.join(rel).with_extension(ext),
                    input: path,
                    from_walk: true,
                });
            }
        } else {
            let name = input
                .file_name()
                .ok_or_else(|| format!("{}: not a file name", input.display()))?;
            tasks.push(Task {
                output: args.output.join(name).with_extension(ext),
                input: input.clone(),
                from_walk: false,
            });
        }
    }
    // No output may replace any input (inputs are never modified, even with --force).
    let inputs: std::collections::HashSet<PathBuf> = tasks
        .iter()
        .filter_map(|t| t.input.canonicalize().ok())
        .collect();
    for t in &tasks {
        if let Ok(out) = t.output.canonicalize()
            && inputs.contains(&out)
        {
            return Err(format!(
                "the output for {} would replace the input {}; choose an output directory outside the inputs",
                t.input.display(),
                out.display()
            ));
        }
    }
    let mut seen = std::collections::HashMap::new();
    for t in &tasks {
        if let Some(prev) = seen.insert(t.output.clone(), t.input.clone()) {
            return Err(format!(
                "{} and {} would both be written to {}",
                prev.display(),
                t.input.display(),
                t.output.display()
            ));
        }
    }
    Ok(tasks)
}

pub fn run(args: ProcessArgs) -> u8 {
    let out = match args.out.options(&args.output) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("vortex process: {e}");
            return EXIT_USAGE;
        }
    };
    let pipeline = match &args.pipeline {
        None => PipelineSource::passthrough(),
        Some(p) => match load_pipeline(p) {
            Ok(src) => src,
            Err(e) => {
                eprintln!("vortex process: {e}");
                return EXIT_CONFIG;
            }
        },
    };
    for w in pipeline.warnings() {
        eprintln!("warning: {w}");
    }
    let ext = if out.container == Container::Flac {
        "flac"
    } else {
        "wav"
    };
    let tasks = match plan_tasks(&args, ext) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("vortex process: {e}");
            return EXIT_USAGE;
        }
    };
    let decode = DecodeOptions {
        max_file_bytes: args.max_file_size,
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, tasks.len().max(1));

    // One bar over all files, advanced in thousandths of a file; hidden when not a terminal.
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(tasks.len() as u64 * 1000)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {percent:>3}% {msg} [{elapsed_precise}, eta {eta}]")
            .expect("valid template"),
    );
    let next = AtomicUsize::new(0);
    let failures = AtomicUsize::new(0);
    let config_failures = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(task) = tasks.get(i) else { break };
                    let mut done_permille = 0u64;
                    let mut report = |read: u64, total: Option<u64>| {
                        if let Some(total) = total.filter(|&t| t > 0) {
                            let p = (read * 1000 / total).min(1000);
                            bar.inc(p.saturating_sub(done_permille));
                            done_permille = done_permille.max(p);
                        }
                    };
                    let result = process_file(
                        &task.input,
                        &task.output,
                        &pipeline,
                        &out,
                        &decode,
                        &mut report,
                    );
                    bar.inc(1000 - done_permille);
                    match result {
                        Ok(r) => {
                            if r.clipped_samples > 0 {
                                bar.suspend(|| {
                                    eprintln!(
                                        "warning: {}: {} samples clipped",
                                        task.output.display(),
                                        r.clipped_samples
                                    )
                                });
                            }
                        }
                        Err(ProcessError::Decode(DecodeError::Unsupported { .. }))
                            if task.from_walk =>
                        {
                            bar.suspend(|| {
                                eprintln!(
                                    "skipped {} (not a supported audio file)",
                                    task.input.display()
                                )
                            });
                        }
                        Err(e) => {
                            if matches!(e, ProcessError::Pipeline { .. }) {
                                config_failures.fetch_add(1, Ordering::Relaxed);
                            }
                            bar.suspend(|| eprintln!("error: {e}"));
                            failures.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            });
        }
    });
    bar.finish_and_clear();
    let failed = failures.into_inner();
    if failed == 0 {
        EXIT_OK
    } else {
        eprintln!("vortex process: {failed} of {} files failed", tasks.len());
        if config_failures.into_inner() == failed {
            EXIT_CONFIG
        } else {
            EXIT_FAILED
        }
    }
}
