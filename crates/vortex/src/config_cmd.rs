//! `vortex config schema` (the JSON Schema of the configuration) and
//! `vortex config check FILE` (validate a configuration file).

use crate::{EXIT_FAILED, EXIT_OK};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use vortex_engine::app_config::{AppConfig, LoadOptions, json_schema};

/// Exit status of `config check` for a file that was read but is invalid.
pub const EXIT_INVALID_CONFIG: u8 = crate::EXIT_CONFIG;

#[derive(Args, Debug)]
pub struct ConfigArgs {
    #[command(subcommand)]
    command: ConfigCommand,
}

#[derive(Subcommand, Debug)]
enum ConfigCommand {
    /// Print the JSON Schema of the configuration file to stdout.
    Schema,
    /// Check a configuration file over the built-in defaults: warnings for clamped
    /// values, every error with its line and key (exit 3; 1 if unreadable).
    Check {
        /// The configuration file (TOML).
        file: PathBuf,
    },
}

pub fn run(args: ConfigArgs) -> u8 {
    match args.command {
        ConfigCommand::Schema => {
            crate::emit(&json_schema());
            EXIT_OK
        }
        ConfigCommand::Check { file } => check(file),
    }
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn check(file: PathBuf) -> u8 {
    match AppConfig::load(&LoadOptions::file_only(&file)) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                eprintln!("warning: {w}");
            }
            let name = file.display().to_string();
            let set = loaded.origins().filter(|(_, layer)| *layer == name).count();
            let mut summary = format!("{name}: ok ({} set", plural(set, "key"));
            if !loaded.warnings.is_empty() {
                summary += &format!(", {} adjusted", plural(loaded.warnings.len(), "value"));
            }
            summary += ")\n";
            crate::emit(&summary);
            EXIT_OK
        }
        Err(e) => {
            for w in &e.warnings {
                eprintln!("warning: {w}");
            }
            for p in &e.problems {
                eprintln!("error: {p}");
            }
            if e.is_unreadable() {
                EXIT_FAILED
            } else {
                EXIT_INVALID_CONFIG
            }
        }
    }
}
