//! A backend test double: the CPU algorithm behind a script that answers late at chosen
//! blocks (having taken the input, as a real device would) or fails from a chosen block
//! on.

use std::time::Instant;

use crate::backend::{BatchConvolver, Outcome};
use crate::cpu::CpuConvolver;
use crate::error::GpuError;
use crate::spec::ConvSpec;

pub struct Scripted {
    inner: CpuConvolver,
    block: u64,
    late: Vec<u64>,
    fail_from: Option<u64>,
}

impl Scripted {
    pub fn new(spec: ConvSpec, filters: &[&[f32]]) -> Self {
        Self {
            inner: CpuConvolver::new(spec, filters).unwrap(),
            block: 0,
            late: Vec::new(),
            fail_from: None,
        }
    }

    /// Answers `Late` at these blocks.
    pub fn late_at(mut self, blocks: &[u64]) -> Self {
        self.late = blocks.to_vec();
        self
    }

    /// Fails at this block and every later one.
    pub fn fail_at(mut self, block: u64) -> Self {
        self.fail_from = Some(block);
        self
    }
}

impl BatchConvolver for Scripted {
    fn spec(&self) -> ConvSpec {
        self.inner.spec()
    }

    fn process(
        &mut self,
        input: &[&[f32]],
        output: &mut [&mut [f32]],
        deadline: Option<Instant>,
    ) -> Result<Outcome, GpuError> {
        let block = self.block;
        self.block += 1;
        if self.fail_from.is_some_and(|from| block >= from) {
            return Err(GpuError::DeviceLost(format!(
                "scripted failure at block {block}"
            )));
        }
        if self.late.contains(&block) {
            self.inner.push_input(input);
            return Ok(Outcome::Late);
        }
        self.inner.process(input, output, deadline)
    }

    fn set_filters(&mut self, filters: &[&[f32]]) -> Result<(), GpuError> {
        self.inner.set_filters(filters)
    }
}
