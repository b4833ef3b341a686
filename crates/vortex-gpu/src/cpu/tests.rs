use super::*;
use crate::budget::conv_bytes;
use crate::reference::{convolve, noise, relative_rms};

/// Runs `conv` over `inputs` (one signal per channel) block by block, swapping to
/// `swap.1` before block `swap.0` if given; returns the outputs per channel.
pub(crate) fn run<C: BatchConvolver>(
    conv: &mut C,
    inputs: &[Vec<f32>],
    swap: Option<(usize, &[Vec<f32>])>,
) -> Vec<Vec<f32>> {
    let b = conv.spec().block;
    let n = inputs[0].len();
    let mut outputs = vec![vec![0.0f32; n]; inputs.len()];
    for k in 0..n / b {
        if let Some((at, filters)) = swap
            && k == at
        {
            let refs: Vec<&[f32]> = filters.iter().map(Vec::as_slice).collect();
            conv.set_filters(&refs).unwrap();
        }
        let ins: Vec<&[f32]> = inputs.iter().map(|x| &x[k * b..(k + 1) * b]).collect();
        let mut outs: Vec<&mut [f32]> = outputs
            .iter_mut()
            .map(|y| &mut y[k * b..(k + 1) * b])
            .collect();
        assert_eq!(conv.process(&ins, &mut outs, None).unwrap(), Outcome::Ready);
    }
    outputs
}

/// Checks a CPU node of `channels` x `taps` at `block` against float64 direct
/// convolution over `blocks` blocks, with a filter swap halfway when `swap`.
fn check(channels: usize, taps: usize, block: usize, blocks: usize, swap: bool) {
    let spec = ConvSpec {
        channels,
        taps,
        block,
    };
    let filters: Vec<Vec<f32>> = (0..channels)
        .map(|c| noise(100 + c as u64, taps - c % taps.min(3)))
        .collect();
    let later: Vec<Vec<f32>> = (0..channels).map(|c| noise(200 + c as u64, taps)).collect();
    let inputs: Vec<Vec<f32>> = (0..channels)
        .map(|c| noise(c as u64, block * blocks))
        .collect();
    let refs: Vec<&[f32]> = filters.iter().map(Vec::as_slice).collect();
    let mut conv = CpuConvolver::new(spec, &refs).unwrap();
    let at = blocks / 2;
    let outputs = run(&mut conv, &inputs, swap.then_some((at, later.as_slice())));
    for c in 0..channels {
        let want = convolve(&inputs[c], block, |k| {
            if swap && k >= at {
                &later[c]
            } else {
                &filters[c]
            }
        });
        let err = relative_rms(&outputs[c], &want);
        assert!(
            err < 1e-5,
            "C={channels} taps={taps} block={block} channel {c}: relative RMS {err:e}"
        );
    }
}

#[test]
fn matches_float64_direct_convolution() {
    check(1, 1, 64, 8, false);
    check(1, 7, 16, 16, false);
    check(1, 1000, 64, 40, true);
    check(1, 20_000, 4096, 6, true);
    check(2, 3000, 256, 24, true);
    check(16, 1000, 128, 16, true);
}

#[test]
fn a_block_allocates_nothing() {
    let spec = ConvSpec {
        channels: 4,
        taps: 2048,
        block: 256,
    };
    let filters: Vec<Vec<f32>> = (0..4).map(|c| noise(c, 2048)).collect();
    let refs: Vec<&[f32]> = filters.iter().map(Vec::as_slice).collect();
    let mut conv = CpuConvolver::new(spec, &refs).unwrap();
    let x = noise(9, 256);
    let mut y = vec![vec![0.0f32; 256]; 4];
    let ins = [&x[..], &x[..], &x[..], &x[..]];
    assert_no_alloc::assert_no_alloc(|| {
        for _ in 0..20 {
            let mut outs: [&mut [f32]; 4] = {
                let [a, b, c, d] = &mut y[..] else {
                    unreachable!()
                };
                [a, b, c, d]
            };
            conv.process(&ins, &mut outs, None).unwrap();
        }
    });
}

#[test]
fn bad_shapes_and_filters_are_named() {
    let e = CpuConvolver::new(
        ConvSpec {
            channels: 1,
            taps: 10,
            block: 100,
        },
        &[&[1.0]],
    )
    .unwrap_err();
    assert!(
        matches!(&e, GpuError::Invalid { field, .. } if field == "block"),
        "{e}"
    );
    let e = CpuConvolver::new(
        ConvSpec {
            channels: 2,
            taps: 10,
            block: 64,
        },
        &[&[1.0]],
    )
    .unwrap_err();
    assert!(
        matches!(&e, GpuError::Invalid { field, .. } if field == "filters"),
        "{e}"
    );
    let e = CpuConvolver::new(
        ConvSpec {
            channels: 1,
            taps: 2,
            block: 64,
        },
        &[&[1.0, f32::NAN]],
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "filters[0]: tap 1 is not a finite number");
    let e = CpuConvolver::new(
        ConvSpec {
            channels: 1,
            taps: 2,
            block: 64,
        },
        &[&[1.0, 2.0, 3.0]],
    )
    .unwrap_err();
    assert!(e.to_string().contains("3 taps, expected 1..=2"), "{e}");
}

#[test]
fn the_backend_refuses_a_node_over_its_budget() {
    let backend = CpuBackend::new().with_budget(MemoryBudget {
        device_bytes: 1 << 20,
        fraction: 0.8,
    });
    let spec = ConvSpec {
        channels: 8,
        taps: 1 << 16,
        block: 256,
    };
    let filters = vec![vec![0.5f32; 1 << 16]; 8];
    let refs: Vec<&[f32]> = filters.iter().map(Vec::as_slice).collect();
    match backend.convolver(spec, &refs) {
        Err(GpuError::OutOfMemory { needed, budget }) => {
            assert_eq!(needed, conv_bytes(&spec));
            assert_eq!(budget, (1u64 << 20) * 8 / 10);
        }
        other => panic!("expected OutOfMemory, got {other:?}"),
    }
    assert_eq!(backend.info().kind, BackendKind::Cpu);
}
