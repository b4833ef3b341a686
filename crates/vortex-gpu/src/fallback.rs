//! Runs a node on a primary backend with the CPU kept ready to take any block.
//!
//! The CPU keeps its own delay line current on every block (the forward FFTs only, about
//! a tenth of a block's work for long filters), so it can compute any block on demand:
//! - a block whose primary result is late is computed on the CPU (the primary took the
//!   input all the same, so both delay lines stay consistent);
//! - when the primary fails (device lost, out of memory, kernel error), the node stays on
//!   the CPU from that block on.
//!
//! Either way no block is dropped or doubled, and an event says what happened. Nothing
//! here allocates per block; a failed primary is kept (not dropped on the audio thread)
//! until [`Fallback::take_retired`].

use std::collections::VecDeque;
use std::time::Instant;

use crate::backend::{BatchConvolver, Outcome};
use crate::cpu::CpuConvolver;
use crate::error::GpuError;
use crate::spec::ConvSpec;

/// Events kept until drained; older ones are dropped first.
pub const EVENT_CAPACITY: usize = 32;

/// What happened to a node on its primary backend.
#[derive(Debug, Clone, PartialEq)]
pub enum FallbackEvent {
    /// The primary's result for block `block` (counted from 0) was late; the CPU
    /// computed that block.
    LateBlock {
        /// The block.
        block: u64,
    },
    /// The primary failed at block `block`; the node runs on the CPU from it on.
    MovedToCpu {
        /// The first block computed on the CPU.
        block: u64,
        /// Why.
        error: GpuError,
    },
}

/// A node on primary backend `P`, with the CPU as its fallback.
pub struct Fallback<P: BatchConvolver> {
    primary: Option<P>,
    retired: Option<P>,
    cpu: CpuConvolver,
    block: u64,
    late: u64,
    events: VecDeque<FallbackEvent>,
}

impl<P: BatchConvolver> Fallback<P> {
    /// `primary` with a CPU fallback holding the same `filters`.
    pub fn new(primary: P, filters: &[&[f32]]) -> Result<Self, GpuError> {
        let cpu = CpuConvolver::new(primary.spec(), filters)?;
        Ok(Self {
            primary: Some(primary),
            retired: None,
            cpu,
            block: 0,
            late: 0,
            events: VecDeque::with_capacity(EVENT_CAPACITY),
        })
    }

    /// Whether the node has moved to the CPU for good.
    pub fn on_cpu(&self) -> bool {
        self.primary.is_none()
    }

    /// Blocks the CPU computed because the primary was late.
    pub fn late_blocks(&self) -> u64 {
        self.late
    }

    /// Hands each event over, oldest first.
    pub fn drain_events(&mut self, mut f: impl FnMut(FallbackEvent)) {
        while let Some(event) = self.events.pop_front() {
            f(event);
        }
    }

    /// The failed primary, to be dropped off the audio thread.
    pub fn take_retired(&mut self) -> Option<P> {
        self.retired.take()
    }

    fn record(&mut self, event: FallbackEvent) {
        if self.events.len() == EVENT_CAPACITY {
            self.events.pop_front();
        }
        self.events.push_back(event);
    }
}

impl<P: BatchConvolver> BatchConvolver for Fallback<P> {
    fn spec(&self) -> ConvSpec {
        self.cpu.spec()
    }

    fn process(
        &mut self,
        input: &[&[f32]],
        output: &mut [&mut [f32]],
        deadline: Option<Instant>,
    ) -> Result<Outcome, GpuError> {
        self.cpu.push_input(input);
        let block = self.block;
        self.block += 1;
        let answer = match self.primary.as_mut() {
            Some(primary) => primary.process(input, output, deadline),
            None => Ok(Outcome::Late),
        };
        match answer {
            Ok(Outcome::Ready) => return Ok(Outcome::Ready),
            Ok(Outcome::Late) if self.primary.is_some() => {
                self.late += 1;
                self.record(FallbackEvent::LateBlock { block });
            }
            Ok(Outcome::Late) => {}
            Err(error) => {
                self.retired = self.primary.take();
                self.record(FallbackEvent::MovedToCpu { block, error });
            }
        }
        self.cpu.render(output);
        Ok(Outcome::Ready)
    }

    fn set_filters(&mut self, filters: &[&[f32]]) -> Result<(), GpuError> {
        self.cpu.set_filters(filters)?;
        if let Some(primary) = self.primary.as_mut()
            && let Err(error) = primary.set_filters(filters)
        {
            self.retired = self.primary.take();
            self.record(FallbackEvent::MovedToCpu {
                block: self.block,
                error,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu::tests::run;
    use crate::double::Scripted;
    use crate::reference::noise;

    const SPEC: ConvSpec = ConvSpec {
        channels: 3,
        taps: 3000,
        block: 128,
    };

    fn filters(seed: u64) -> Vec<Vec<f32>> {
        (0..SPEC.channels)
            .map(|c| noise(seed + c as u64, SPEC.taps))
            .collect()
    }

    fn refs(v: &[Vec<f32>]) -> Vec<&[f32]> {
        v.iter().map(Vec::as_slice).collect()
    }

    /// The all-CPU output of 60 blocks, with a filter swap before block 30.
    fn all_cpu(inputs: &[Vec<f32>]) -> Vec<Vec<f32>> {
        let mut cpu = CpuConvolver::new(SPEC, &refs(&filters(10))).unwrap();
        run(&mut cpu, inputs, Some((30, &filters(20))))
    }

    fn inputs() -> Vec<Vec<f32>> {
        (0..SPEC.channels)
            .map(|c| noise(c as u64, 60 * SPEC.block))
            .collect()
    }

    #[test]
    fn late_blocks_are_computed_on_the_cpu_sample_for_sample() {
        let inputs = inputs();
        let primary = Scripted::new(SPEC, &refs(&filters(10))).late_at(&[3, 4, 31, 59]);
        let mut node = Fallback::new(primary, &refs(&filters(10))).unwrap();
        let got = run(&mut node, &inputs, Some((30, &filters(20))));
        assert_eq!(
            got,
            all_cpu(&inputs),
            "no dropped, doubled or different block"
        );
        assert_eq!(node.late_blocks(), 4);
        assert!(!node.on_cpu());
        let mut events = Vec::new();
        node.drain_events(|e| events.push(e));
        assert_eq!(
            events,
            [3, 4, 31, 59].map(|block| FallbackEvent::LateBlock { block })
        );
    }

    #[test]
    fn a_failing_primary_moves_the_node_to_the_cpu_without_a_gap() {
        let inputs = inputs();
        let primary = Scripted::new(SPEC, &refs(&filters(10))).fail_at(17);
        let mut node = Fallback::new(primary, &refs(&filters(10))).unwrap();
        let got = run(&mut node, &inputs, Some((30, &filters(20))));
        assert_eq!(got, all_cpu(&inputs));
        assert!(node.on_cpu());
        assert!(node.take_retired().is_some());
        let mut events = Vec::new();
        node.drain_events(|e| events.push(e));
        assert_eq!(
            events,
            vec![FallbackEvent::MovedToCpu {
                block: 17,
                error: GpuError::DeviceLost("scripted failure at block 17".into()),
            }]
        );
    }

    #[test]
    fn ready_and_late_blocks_allocate_nothing() {
        let primary = Scripted::new(SPEC, &refs(&filters(10))).late_at(&[1, 2]);
        let mut node = Fallback::new(primary, &refs(&filters(10))).unwrap();
        let x = noise(5, SPEC.block);
        let ins = [&x[..], &x[..], &x[..]];
        let mut y = vec![vec![0.0f32; SPEC.block]; 3];
        assert_no_alloc::assert_no_alloc(|| {
            for _ in 0..6 {
                let [a, b, c] = &mut y[..] else {
                    unreachable!()
                };
                node.process(&ins, &mut [a, b, c], None).unwrap();
            }
        });
        assert_eq!(node.late_blocks(), 2);
    }
}
