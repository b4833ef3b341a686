//! The wgpu backend against the CPU backend, on whatever device wgpu finds (Mesa's
//! lavapipe where there is no GPU; the test command sets `WGPU_BACKEND=vulkan`). Skips,
//! saying so, when there is no wgpu device at all.

use super::*;
use crate::cpu::CpuConvolver;
use crate::reference::{noise, relative_rms};

fn backend() -> Option<WgpuBackend> {
    match WgpuBackend::new(0) {
        Ok(b) => Some(b),
        Err(e) => {
            eprintln!("skipped: no wgpu device ({e})");
            None
        }
    }
}

fn refs(v: &[Vec<f32>]) -> Vec<&[f32]> {
    v.iter().map(Vec::as_slice).collect()
}

/// Runs `channels` x `taps` at `block` for `blocks` blocks on wgpu and on the CPU, with a
/// filter swap before block `blocks / 2`; returns the worst relative RMS difference.
fn compare(
    backend: &WgpuBackend,
    channels: usize,
    taps: usize,
    block: usize,
    blocks: usize,
) -> f64 {
    let spec = ConvSpec {
        channels,
        taps,
        block,
    };
    let first: Vec<Vec<f32>> = (0..channels).map(|c| noise(10 + c as u64, taps)).collect();
    let second: Vec<Vec<f32>> = (0..channels)
        .map(|c| noise(50 + c as u64, taps.div_ceil(2)))
        .collect();
    let mut gpu = backend.convolver(spec, &refs(&first)).unwrap();
    let mut cpu = CpuConvolver::new(spec, &refs(&first)).unwrap();
    let inputs: Vec<Vec<f32>> = (0..channels)
        .map(|c| noise(c as u64, block * blocks))
        .collect();
    let swap = Some((blocks / 2, second.as_slice()));
    let want = crate::cpu::tests::run(&mut cpu, &inputs, swap);
    let got = crate::cpu::tests::run(&mut gpu, &inputs, swap);
    (0..channels)
        .map(|c| relative_rms(&got[c], &want[c]))
        .fold(0.0, f64::max)
}

#[test]
fn matches_the_cpu_backend() {
    let Some(backend) = backend() else { return };
    eprintln!("wgpu device: {}", backend.info().name);
    for (channels, taps, block, blocks) in [
        (1, 1, 64, 4),
        (1, 1000, 64, 24),
        (2, 8192, 64, 140),
        (2, 65_536, 1024, 70),
        (16, 4096, 256, 20),
        (16, 262_144, 4096, 68),
        (1, 262_144, 4096, 66),
    ] {
        let err = compare(&backend, channels, taps, block, blocks);
        eprintln!("C={channels} taps={taps} block={block}: relative RMS {err:.2e}");
        assert!(
            err < 1e-4,
            "C={channels} taps={taps} block={block}: relative RMS {err:e} (limit 1e-4)"
        );
    }
}

#[test]
fn channels_split_into_groups_under_the_binding_limit() {
    let Some(mut backend) = backend() else { return };
    // A binding limit of three channels' spectra: 8 channels make groups of 3, 3, 2.
    let spec = ConvSpec {
        channels: 8,
        taps: 512,
        block: 64,
    };
    backend.max_binding = 3 * channel_spectra_bytes(&spec);
    let filters: Vec<Vec<f32>> = (0..8).map(|c| noise(c, 512)).collect();
    let refs: Vec<&[f32]> = filters.iter().map(Vec::as_slice).collect();
    let gpu = backend.convolver(spec, &refs).unwrap();
    assert_eq!(
        gpu.groups.iter().map(|g| g.channels).collect::<Vec<_>>(),
        [3, 3, 2]
    );
    let err = compare(&backend, 8, 512, 64, 20);
    assert!(err < 1e-4, "{err:e}");
    // A channel over the limit on its own is refused, naming why.
    backend.max_binding = channel_spectra_bytes(&spec) - 8;
    let e = backend.convolver(spec, &refs).err().unwrap();
    assert!(e.to_string().contains("per binding"), "{e}");
}

#[test]
fn a_past_deadline_is_late_and_the_next_block_is_right() {
    let Some(backend) = backend() else { return };
    let spec = ConvSpec {
        channels: 2,
        taps: 2048,
        block: 256,
    };
    let filters: Vec<Vec<f32>> = (0..2).map(|c| noise(c, 2048)).collect();
    let refs: Vec<&[f32]> = filters.iter().map(Vec::as_slice).collect();
    let mut gpu = backend.convolver(spec, &refs).unwrap();
    let mut cpu = CpuConvolver::new(spec, &refs).unwrap();
    let x: Vec<Vec<f32>> = (0..2).map(|c| noise(7 + c, 256 * 12)).collect();
    let mut want = vec![vec![0.0; 256]; 2];
    let mut got = vec![vec![0.0; 256]; 2];
    for k in 0..12 {
        let ins: Vec<&[f32]> = x.iter().map(|v| &v[k * 256..(k + 1) * 256]).collect();
        {
            let [a, b] = &mut want[..] else {
                unreachable!()
            };
            cpu.process(&ins, &mut [a, b], None).unwrap();
        }
        // Blocks 3 and 4 get a deadline already past: late, output not written.
        let deadline = (k == 3 || k == 4).then(Instant::now);
        let [a, b] = &mut got[..] else { unreachable!() };
        let outcome = gpu
            .process(&ins, &mut [a, b], deadline)
            .unwrap_or_else(|e| panic!("block {k}: {e}"));
        if deadline.is_some() {
            assert_eq!(outcome, Outcome::Late, "block {k}");
        } else {
            assert_eq!(outcome, Outcome::Ready, "block {k}");
            for c in 0..2 {
                assert!(
                    relative_rms(&got[c], &want[c]) < 1e-4,
                    "block {k} channel {c}"
                );
            }
        }
    }
}

#[test]
fn late_wgpu_blocks_fall_back_to_the_cpu_without_a_gap() {
    let Some(backend) = backend() else { return };
    let spec = ConvSpec {
        channels: 2,
        taps: 4096,
        block: 128,
    };
    let filters: Vec<Vec<f32>> = (0..2).map(|c| noise(c + 3, 4096)).collect();
    let gpu = backend.convolver(spec, &refs(&filters)).unwrap();
    let mut node = crate::fallback::Fallback::new(gpu, &refs(&filters)).unwrap();
    let mut cpu = CpuConvolver::new(spec, &refs(&filters)).unwrap();
    let x: Vec<Vec<f32>> = (0..2).map(|c| noise(40 + c, 128 * 40)).collect();
    let mut want = vec![vec![0.0; 128]; 2];
    let mut got = vec![vec![0.0; 128]; 2];
    for k in 0..40 {
        let ins: Vec<&[f32]> = x.iter().map(|v| &v[k * 128..(k + 1) * 128]).collect();
        {
            let [a, b] = &mut want[..] else {
                unreachable!()
            };
            cpu.process(&ins, &mut [a, b], None).unwrap();
        }
        // Every fifth block's deadline has already passed.
        let deadline = (k % 5 == 2).then(Instant::now);
        let [a, b] = &mut got[..] else { unreachable!() };
        assert_eq!(
            node.process(&ins, &mut [a, b], deadline).unwrap(),
            Outcome::Ready
        );
        for c in 0..2 {
            assert!(
                relative_rms(&got[c], &want[c]) < 1e-4,
                "block {k} channel {c}"
            );
        }
    }
    assert_eq!(node.late_blocks(), 8);
    assert!(!node.on_cpu());
}

#[test]
fn the_model_measures_a_round_trip_the_scheduler_can_use() {
    let Some(backend) = backend() else { return };
    let model = backend.model(9).unwrap();
    assert!(
        model.round_trip_s > 0.0 && model.round_trip_s < 1.0,
        "{}",
        model.round_trip_s
    );
    assert_eq!(model.budget, *backend.budget());
    eprintln!("wgpu round trip: {:.3} ms", model.round_trip_s * 1e3);
    // With that round trip, a block 4x longer than it would be acceptable; one 4x shorter not.
    let node = |block_s: f64| crate::scheduler::NodeCost {
        kind: crate::scheduler::NodeKind::Fir { taps: 1 << 20 },
        channels: 1,
        block: 1024,
        sample_rate: 1024.0 / block_s,
    };
    let auto = crate::scheduler::PlacementOverride::Auto;
    let long = crate::scheduler::place(&node(4.0 * model.round_trip_s), Some(&model), auto);
    assert_eq!(long.placement, crate::scheduler::Placement::Gpu, "{long:?}");
    let short = crate::scheduler::place(&node(model.round_trip_s / 4.0), Some(&model), auto);
    assert_eq!(
        short.placement,
        crate::scheduler::Placement::Cpu,
        "{short:?}"
    );
}
