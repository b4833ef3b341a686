//! Driver selection with test-double backends.

use super::*;
use crate::sink::{Render, SinkCounters};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const SPEC: StreamSpec = StreamSpec {
    sample_rate: 48_000,
    channels: 2,
    period_frames: 256,
};

/// A sink that only says which driver and device made it.
struct FakeSink(String);

impl Sink for FakeSink {
    fn describe(&self) -> String {
        self.0.clone()
    }
    fn spec(&self) -> StreamSpec {
        SPEC
    }
    fn buffer_frames(&self) -> usize {
        512
    }
    fn start(&mut self, _render: Box<dyn Render>) -> Result<(), SinkError> {
        Ok(())
    }
    fn stop(&mut self) -> Result<(), SinkError> {
        Ok(())
    }
    fn counters(&self) -> Arc<SinkCounters> {
        Arc::default()
    }
}

/// How a fake backend behaves.
#[derive(Clone, Copy)]
enum Behaviour {
    Works,
    Unavailable(&'static str),
    OpenFails(&'static str),
}

struct Fake {
    driver: Driver,
    behaviour: Behaviour,
    opens: Arc<AtomicUsize>,
}

impl DriverBackend for Fake {
    fn driver(&self) -> Driver {
        self.driver
    }
    fn available(&self) -> Result<(), String> {
        match self.behaviour {
            Behaviour::Unavailable(why) => Err(why.to_owned()),
            _ => Ok(()),
        }
    }
    fn open(&self, device: Option<&str>, _spec: StreamSpec) -> Result<Box<dyn Sink>, SinkError> {
        self.opens.fetch_add(1, Ordering::Relaxed);
        match self.behaviour {
            Behaviour::OpenFails(why) => Err(SinkError::Open {
                sink: format!("{}: {}", self.driver, device.unwrap_or("default")),
                message: why.to_owned(),
            }),
            _ => Ok(Box::new(FakeSink(format!(
                "{}: {}",
                self.driver,
                device.unwrap_or("default")
            )))),
        }
    }
}

fn fake(driver: Driver, behaviour: Behaviour) -> (Box<dyn DriverBackend>, Arc<AtomicUsize>) {
    let opens = Arc::new(AtomicUsize::new(0));
    let b = Fake {
        driver,
        behaviour,
        opens: Arc::clone(&opens),
    };
    (Box::new(b), opens)
}

fn run(
    choice: Option<Driver>,
    device: Option<&str>,
    backends: &[Box<dyn DriverBackend>],
) -> (Result<Opened, SinkError>, Vec<String>) {
    let mut lines = Vec::new();
    let r = open_output(choice, device, SPEC, backends, &mut |l| lines.push(l));
    (r, lines)
}

#[test]
fn failing_first_driver_falls_back_to_the_next_and_reports_it() {
    let (jack, _) = fake(
        Driver::Jack,
        Behaviour::Unavailable("no JACK server is running"),
    );
    let (alsa, alsa_opens) = fake(Driver::Alsa, Behaviour::Works);
    let (r, log) = run(None, None, &[jack, alsa]);
    let opened = r.unwrap();
    assert_eq!(opened.driver, Driver::Alsa);
    assert_eq!(opened.sink.describe(), "alsa: default");
    assert_eq!(alsa_opens.load(Ordering::Relaxed), 1);
    assert_eq!(
        opened.attempts,
        [Attempt {
            driver: Driver::Jack,
            error: "not available: no JACK server is running".into()
        }]
    );
    assert_eq!(
        log,
        [
            "audio driver jack: not available: no JACK server is running; trying alsa",
            "audio driver alsa: alsa: default",
        ]
    );
}

#[test]
fn a_driver_that_fails_to_open_is_skipped_too() {
    let (pw, _) = fake(Driver::PipeWire, Behaviour::OpenFails("device busy"));
    let (alsa, _) = fake(Driver::Alsa, Behaviour::Works);
    let (r, log) = run(None, Some("hw:1"), &[pw, alsa]);
    let opened = r.unwrap();
    assert_eq!(opened.driver, Driver::Alsa);
    assert_eq!(opened.sink.describe(), "alsa: hw:1");
    assert_eq!(opened.attempts.len(), 1);
    assert_eq!(opened.attempts[0].driver, Driver::PipeWire);
    assert!(opened.attempts[0].error.contains("device busy"));
    assert!(log[0].contains("device busy") && log[0].ends_with("trying alsa"));
}

#[test]
fn drivers_are_tried_by_priority_whatever_the_slice_order() {
    let (default, _) = fake(Driver::Default, Behaviour::Works);
    let (alsa, _) = fake(Driver::Alsa, Behaviour::Unavailable("no devices"));
    let (jack, _) = fake(Driver::Jack, Behaviour::Unavailable("no server"));
    let (pw, _) = fake(Driver::PipeWire, Behaviour::Works);
    let (r, _) = run(None, None, &[default, alsa, jack, pw]);
    let opened = r.unwrap();
    assert_eq!(opened.driver, Driver::PipeWire);
    let tried: Vec<Driver> = opened.attempts.iter().map(|a| a.driver).collect();
    assert_eq!(tried, [Driver::Jack]);
}

#[test]
fn an_override_tries_only_that_driver_and_names_it_on_failure() {
    let (jack, jack_opens) = fake(Driver::Jack, Behaviour::Works);
    let (alsa, _) = fake(Driver::Alsa, Behaviour::OpenFails("no such device 'hw:9'"));
    let (r, log) = run(Some(Driver::Alsa), Some("hw:9"), &[jack, alsa]);
    let e = r.unwrap_err().to_string();
    assert!(e.starts_with("alsa driver: "), "{e}");
    assert!(e.contains("no such device 'hw:9'"), "{e}");
    assert_eq!(
        jack_opens.load(Ordering::Relaxed),
        0,
        "no fallback with an override"
    );
    assert_eq!(log.len(), 1);
    assert!(!log[0].contains("trying"));

    let (jack, _) = fake(Driver::Jack, Behaviour::Works);
    let (r, _) = run(Some(Driver::Jack), None, &[jack]);
    assert_eq!(r.unwrap().driver, Driver::Jack);

    let (alsa, _) = fake(Driver::Alsa, Behaviour::Works);
    let e = run(Some(Driver::Jack), None, &[alsa])
        .0
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("jack driver") && e.contains("no such driver"),
        "{e}"
    );
}

#[test]
fn all_failing_lists_every_attempt() {
    let (jack, _) = fake(Driver::Jack, Behaviour::Unavailable("no server"));
    let (pw, _) = fake(Driver::PipeWire, Behaviour::Unavailable("no socket"));
    let (alsa, _) = fake(Driver::Alsa, Behaviour::OpenFails("busy"));
    let (default, _) = fake(Driver::Default, Behaviour::OpenFails("no card"));
    let (r, log) = run(None, None, &[jack, pw, alsa, default]);
    let e = r.unwrap_err().to_string();
    for part in [
        "jack: not available: no server",
        "pipewire: not available: no socket",
        "alsa: alsa: default: cannot open: busy",
        "default: default: default: cannot open: no card",
    ] {
        assert!(e.contains(part), "{part} missing from {e}");
    }
    assert_eq!(log.len(), 4);
    assert!(log[3].starts_with("audio driver default: ") && !log[3].contains("trying"));
    assert!(
        run(None, None, &[])
            .0
            .unwrap_err()
            .to_string()
            .contains("no audio drivers")
    );
}

#[test]
fn the_null_sink_is_the_last_resort_with_a_notice() {
    let (null, _) = fake(Driver::Null, Behaviour::Works);
    let (alsa, _) = fake(Driver::Alsa, Behaviour::OpenFails("no card"));
    let (r, log) = run(None, None, &[null, alsa]);
    let opened = r.unwrap();
    assert_eq!(opened.driver, Driver::Null);
    assert_eq!(opened.attempts.len(), 1);
    assert!(log.iter().any(|l| l == NULL_NOTICE), "{log:?}");
    assert!(log[0].ends_with("trying null"));
}

#[test]
fn the_device_name_null_selects_the_null_sink_in_automatic_mode() {
    let (alsa, alsa_opens) = fake(Driver::Alsa, Behaviour::Works);
    let (null, _) = fake(Driver::Null, Behaviour::Works);
    let (r, log) = run(None, Some("null"), &[alsa, null]);
    assert_eq!(r.unwrap().driver, Driver::Null);
    assert_eq!(alsa_opens.load(Ordering::Relaxed), 0);
    assert!(
        !log.iter().any(|l| l == NULL_NOTICE),
        "asked for: no notice"
    );
    // With the alsa driver named, "null" is ALSA's own device.
    let (alsa, _) = fake(Driver::Alsa, Behaviour::Works);
    let (r, _) = run(Some(Driver::Alsa), Some("null"), &[alsa]);
    assert_eq!(r.unwrap().sink.describe(), "alsa: null");
    let (alsa, _) = fake(Driver::Alsa, Behaviour::Works);
    let e = run(None, Some("null"), &[alsa]).0.unwrap_err().to_string();
    assert!(e.contains("null sink"), "{e}");
}

#[test]
fn fn_backends_open_with_their_function() {
    let b: Box<dyn DriverBackend> = Box::new(FnBackend::new(Driver::Null, |_, spec| {
        Ok(Box::new(FakeSink(format!("null at {} Hz", spec.sample_rate))) as Box<dyn Sink>)
    }));
    let (r, _) = run(Some(Driver::Null), None, &[b]);
    assert_eq!(r.unwrap().sink.describe(), "null at 48000 Hz");
}

#[test]
fn driver_names_parse_and_serialise() {
    for d in Driver::PRIORITY {
        assert_eq!(d.name().parse::<Driver>(), Ok(d));
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            format!("\"{}\"", d.name())
        );
    }
    assert_eq!("PipeWire".parse::<Driver>(), Ok(Driver::PipeWire));
    let e = "pulse".parse::<Driver>().unwrap_err().to_string();
    assert!(e.contains("'pulse'") && e.contains("jack, pipewire"), "{e}");
}

#[test]
fn real_backends_report_why_they_are_unavailable() {
    // Whatever this machine has, every cpal backend answers without panicking, and
    // the null driver is not one of them.
    let backends = default_backends();
    let drivers: Vec<Driver> = backends.iter().map(|b| b.driver()).collect();
    assert_eq!(
        drivers,
        [
            Driver::Jack,
            Driver::PipeWire,
            Driver::Alsa,
            Driver::Default
        ]
    );
    for b in &backends {
        if let Err(why) = b.available() {
            assert!(!why.is_empty());
            eprintln!("{}: {why}", b.driver());
        }
    }
}

#[test]
fn automatic_selection_on_this_machine_ends_somewhere() {
    // The cpal backends plus a stand-in for the null sink: whatever devices this machine
    // has, selection ends with a driver and logs every failure on the way.
    let mut backends = default_backends();
    backends.push(Box::new(FnBackend::new(Driver::Null, |_, _| {
        Ok(Box::new(FakeSink("null".into())) as Box<dyn Sink>)
    })));
    let (r, log) = run(None, None, &backends);
    let opened = r.unwrap();
    for line in &log {
        eprintln!("{line}");
    }
    assert_eq!(
        log.len(),
        opened.attempts.len() + 1 + usize::from(opened.driver == Driver::Null)
    );
    for a in &opened.attempts {
        assert!(a.error.starts_with("not available: ") || a.error.contains(": cannot open: "));
    }
}
