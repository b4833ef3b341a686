//! The wgpu backend (Vulkan, Metal, DX12): our own WGSL kernels (`wgpu/conv.wgsl`) for
//! the FFTs and the multiply-accumulate, the filter spectra and the delay line resident
//! on the device, one submission per block for all channels.
//!
//! - Channels are split into groups so that no buffer exceeds the device's per-binding
//!   limit (128 MiB by default); each group has its own buffers and bind groups, all
//!   encoded into the block's one submission.
//! - A block's result not ready by the deadline is `Late`; the device still took the
//!   input, and the next block first waits for the late one's readback and discards it.
//! - Device errors (validation, lost device) are caught and returned as errors, so the
//!   node can move to the CPU.
//! - `WGPU_BACKEND` (e.g. `vulkan`) and `WGPU_ADAPTER_NAME` choose the device, as
//!   elsewhere in wgpu. On a machine without a GPU, Mesa's lavapipe is a Vulkan device.
//!
//! Per block this backend allocates (wgpu's command encoding); it runs on a GPU worker
//! thread, never on the audio callback.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use realfft::RealFftPlanner;
use realfft::num_complex::Complex;
use wgpu::util::DeviceExt;

use crate::backend::{BackendKind, BatchConvolver, ComputeBackend, DeviceInfo, Outcome};
use crate::budget::MemoryBudget;
use crate::error::GpuError;
use crate::scheduler::GpuModel;
use crate::spec::ConvSpec;

const SHADER: &str = include_str!("wgpu/conv.wgsl");
const WORKGROUP: u32 = 64;

/// States of the readback buffer's mapping (wgpu does not expose it).
const UNMAPPED: u8 = 0;
const PENDING: u8 = 1;
const MAPPED: u8 = 2;
const FAILED: u8 = 3;
/// Workgroups per row of a dispatch (the WebGPU minimum of the per-dimension limit).
const ROW: u32 = 65535;

/// The wgpu adapters this machine offers (`WGPU_BACKEND` narrows them).
pub fn adapters() -> Vec<DeviceInfo> {
    enumerate()
        .iter()
        .map(|a| device_info(&a.get_info()))
        .collect()
}

/// Every adapter, in the order [`adapters`] lists them.
fn enumerate() -> Vec<wgpu::Adapter> {
    let instance =
        wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle_from_env());
    pollster::block_on(instance.enumerate_adapters(wgpu::Backends::all()))
}

fn device_info(info: &wgpu::AdapterInfo) -> DeviceInfo {
    let cpu = info.device_type == wgpu::DeviceType::Cpu;
    DeviceInfo {
        name: format!("{} ({:?}, {})", info.name, info.backend, info.driver),
        kind: BackendKind::Wgpu,
        // wgpu does not report a device's memory. A software device (lavapipe) uses the
        // machine's RAM; for a GPU it is unknown (0) until configured.
        memory_bytes: if cpu {
            crate::cpu::total_memory().unwrap_or(0)
        } else {
            0
        },
    }
}

/// A wgpu device.
pub struct WgpuBackend {
    device: wgpu::Device,
    queue: wgpu::Queue,
    info: DeviceInfo,
    budget: MemoryBudget,
    max_binding: u64,
    error: Arc<Mutex<Option<String>>>,
}

impl WgpuBackend {
    /// Opens adapter `index` of [`adapters`]. `Unavailable` when there is none.
    pub fn new(index: usize) -> Result<Self, GpuError> {
        let mut all = enumerate();
        if index >= all.len() {
            return Err(GpuError::Unavailable(format!(
                "wgpu: adapter {index} asked for, {} found (is a Vulkan driver such as mesa-vulkan-drivers installed?)",
                all.len()
            )));
        }
        let adapter = all.swap_remove(index);
        let limits = adapter.limits();
        let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
            label: Some("vortex"),
            required_limits: limits.clone(),
            ..Default::default()
        }))
        .map_err(|e| GpuError::Unavailable(format!("wgpu: {e}")))?;
        let error = Arc::new(Mutex::new(None));
        let sink = Arc::clone(&error);
        device.on_uncaptured_error(Arc::new(move |e: wgpu::Error| {
            let mut slot = sink.lock().unwrap_or_else(|p| p.into_inner());
            slot.get_or_insert_with(|| e.to_string());
        }));
        let lost = Arc::clone(&error);
        device.set_device_lost_callback(move |reason, message| {
            let mut slot = lost.lock().unwrap_or_else(|p| p.into_inner());
            slot.get_or_insert_with(|| format!("device lost ({reason:?}): {message}"));
        });
        let info = device_info(&adapter.get_info());
        Ok(Self {
            budget: MemoryBudget::of(info.memory_bytes),
            info,
            device,
            queue,
            max_binding: limits
                .max_storage_buffer_binding_size
                .min(limits.max_buffer_size),
            error,
        })
    }

    /// The same device with another budget.
    pub fn with_budget(mut self, budget: MemoryBudget) -> Self {
        self.budget = budget;
        self
    }

    /// The largest storage buffer one binding may hold, bytes.
    pub fn max_binding_bytes(&self) -> u64 {
        self.max_binding
    }

    /// The device as the scheduler sees it: its budget, nothing used yet, and the round
    /// trip measured now: the median of `blocks` blocks of a one-channel, 64-tap node at
    /// 64-sample blocks (upload, the kernels, readback, so the fixed cost of a block).
    pub fn model(&self, blocks: usize) -> Result<GpuModel, GpuError> {
        let spec = ConvSpec {
            channels: 1,
            taps: 64,
            block: 64,
        };
        let mut node = self.convolver(spec, &[&[1.0; 64]])?;
        let input = [0.0f32; 64];
        let mut output = [0.0f32; 64];
        let mut times = Vec::with_capacity(blocks.max(1));
        for i in 0..blocks.max(1) + 2 {
            let start = Instant::now();
            node.process(&[&input], &mut [&mut output], None)?;
            // The first two blocks warm up (pipeline creation, first mapping).
            if i >= 2 {
                times.push(start.elapsed().as_secs_f64());
            }
        }
        times.sort_by(f64::total_cmp);
        Ok(GpuModel {
            budget: self.budget,
            used_bytes: 0,
            round_trip_s: times[times.len() / 2],
        })
    }
}

impl ComputeBackend for WgpuBackend {
    type Convolver = WgpuConvolver;

    fn info(&self) -> &DeviceInfo {
        &self.info
    }

    fn budget(&self) -> &MemoryBudget {
        &self.budget
    }

    fn convolver(&self, spec: ConvSpec, filters: &[&[f32]]) -> Result<WgpuConvolver, GpuError> {
        spec.validate()?;
        spec.check_filters(filters)?;
        self.budget.admit(&spec)?;
        WgpuConvolver::new(self, spec, filters)
    }
}

/// The bytes of one channel's spectra (filters or delay line) on the device.
fn channel_spectra_bytes(spec: &ConvSpec) -> u64 {
    spec.partitions() as u64 * spec.fft_len() as u64 * 8
}

/// One group of channels: its buffers and bind groups.
struct Group {
    first: usize,
    channels: usize,
    input: wgpu::Buffer,
    filters: wgpu::Buffer,
    output: wgpu::Buffer,
    /// `work_a = A, work_b = B` and the reverse, with the base dimensions.
    ab: wgpu::BindGroup,
    ba: wgpu::BindGroup,
    /// One per FFT stage (its butterfly size), alternating AB, BA, AB, ...
    stages: Vec<wgpu::BindGroup>,
    // Kept alive for the bind groups.
    _buffers: Vec<wgpu::Buffer>,
}

struct Pipelines {
    frame: wgpu::ComputePipeline,
    keep: wgpu::ComputePipeline,
    fft: wgpu::ComputePipeline,
    store: wgpu::ComputePipeline,
    mac: wgpu::ComputePipeline,
    emit: wgpu::ComputePipeline,
}

/// One convolution node on a wgpu device.
pub struct WgpuConvolver {
    device: wgpu::Device,
    queue: wgpu::Queue,
    spec: ConvSpec,
    pipelines: Pipelines,
    layout: wgpu::BindGroupLayout,
    groups: Vec<Group>,
    head: u32,
    head_buffer: wgpu::Buffer,
    readback: wgpu::Buffer,
    /// The readback buffer's mapping: UNMAPPED, PENDING, MAPPED or FAILED.
    map: Arc<AtomicU8>,
    /// A late block's readback is still pending.
    stale: bool,
    upload: Vec<u8>,
    error: Arc<Mutex<Option<String>>>,
}

fn storage(read_only: bool) -> wgpu::BindingType {
    wgpu::BindingType::Buffer {
        ty: wgpu::BufferBindingType::Storage { read_only },
        has_dynamic_offset: false,
        min_binding_size: None,
    }
}

fn uniform() -> wgpu::BindingType {
    wgpu::BindingType::Buffer {
        ty: wgpu::BufferBindingType::Uniform,
        has_dynamic_offset: false,
        min_binding_size: None,
    }
}

/// The `Dims` uniform of conv.wgsl.
fn dims(spec: &ConvSpec, channels: usize, ns: u32) -> [u8; 24] {
    let words = [
        channels as u32,
        spec.block as u32,
        spec.fft_len() as u32,
        spec.partitions() as u32,
        ns,
        ROW,
    ];
    let mut bytes = [0u8; 24];
    for (chunk, w) in bytes.chunks_exact_mut(4).zip(words) {
        chunk.copy_from_slice(&w.to_le_bytes());
    }
    bytes
}

impl WgpuConvolver {
    fn new(backend: &WgpuBackend, spec: ConvSpec, filters: &[&[f32]]) -> Result<Self, GpuError> {
        let per_channel = channel_spectra_bytes(&spec);
        if per_channel > backend.max_binding {
            return Err(GpuError::invalid(
                "taps",
                format!(
                    "one channel's spectra take {per_channel} bytes, over the device's {} bytes per binding (splitting a channel's partitions is not built)",
                    backend.max_binding
                ),
            ));
        }
        let device = backend.device.clone();
        let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("vortex conv"),
            source: wgpu::ShaderSource::Wgsl(Cow::Borrowed(SHADER)),
        });
        let entries: Vec<wgpu::BindGroupLayoutEntry> = [
            uniform(),
            storage(true),
            storage(false),
            storage(false),
            storage(false),
            storage(false),
            storage(true),
            storage(false),
            uniform(),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, ty)| wgpu::BindGroupLayoutEntry {
            binding: i as u32,
            visibility: wgpu::ShaderStages::COMPUTE,
            ty,
            count: None,
        })
        .collect();
        let layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("vortex conv"),
            entries: &entries,
        });
        let pipeline_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("vortex conv"),
            bind_group_layouts: &[Some(&layout)],
            immediate_size: 0,
        });
        let pipeline = |entry: &str| {
            device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
                label: Some(entry),
                layout: Some(&pipeline_layout),
                module: &module,
                entry_point: Some(entry),
                compilation_options: Default::default(),
                cache: None,
            })
        };
        let pipelines = Pipelines {
            frame: pipeline("frame"),
            keep: pipeline("keep"),
            fft: pipeline("fft_stage"),
            store: pipeline("store"),
            mac: pipeline("mac"),
            emit: pipeline("emit"),
        };
        let head_buffer = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("head"),
            size: 16,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let group_size = ((backend.max_binding / per_channel) as usize).clamp(1, spec.channels);
        let mut conv = Self {
            queue: backend.queue.clone(),
            readback: device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("readback"),
                size: (spec.channels * spec.block * 4) as u64,
                usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            }),
            groups: Vec::new(),
            head: 0,
            head_buffer,
            map: Arc::new(AtomicU8::new(UNMAPPED)),
            stale: false,
            upload: vec![0; spec.channels * spec.block * 4],
            error: Arc::clone(&backend.error),
            pipelines,
            layout,
            spec,
            device,
        };
        let mut first = 0;
        while first < spec.channels {
            let channels = group_size.min(spec.channels - first);
            let group = conv.group(first, channels);
            conv.groups.push(group);
            first += channels;
        }
        conv.set_filters(filters)?;
        conv.check()?;
        Ok(conv)
    }

    fn group(&self, first: usize, channels: usize) -> Group {
        let spec = &self.spec;
        let n = spec.fft_len();
        let buffer = |label: &str, bytes: usize, usage: wgpu::BufferUsages| {
            self.device.create_buffer(&wgpu::BufferDescriptor {
                label: Some(label),
                size: bytes as u64,
                usage,
                mapped_at_creation: false,
            })
        };
        let rw = wgpu::BufferUsages::STORAGE;
        let input = buffer(
            "input",
            channels * spec.block * 4,
            rw | wgpu::BufferUsages::COPY_DST,
        );
        let prev = buffer("prev", channels * spec.block * 4, rw);
        let work_a = buffer("work a", channels * n * 8, rw);
        let work_b = buffer("work b", channels * n * 8, rw);
        let fdl = buffer("fdl", channels * spec.partitions() * n * 8, rw);
        let filters = buffer(
            "filters",
            channels * spec.partitions() * n * 8,
            rw | wgpu::BufferUsages::COPY_DST,
        );
        let output = buffer(
            "output",
            channels * spec.block * 4,
            rw | wgpu::BufferUsages::COPY_SRC,
        );
        let dims_buffer = |ns: u32| {
            self.device
                .create_buffer_init(&wgpu::util::BufferInitDescriptor {
                    label: Some("dims"),
                    contents: &dims(spec, channels, ns),
                    usage: wgpu::BufferUsages::UNIFORM,
                })
        };
        let base = dims_buffer(0);
        let bind = |dims: &wgpu::Buffer, a: &wgpu::Buffer, b: &wgpu::Buffer| {
            let buffers = [
                dims,
                &input,
                &prev,
                a,
                b,
                &fdl,
                &filters,
                &output,
                &self.head_buffer,
            ];
            let entries: Vec<wgpu::BindGroupEntry> = buffers
                .iter()
                .enumerate()
                .map(|(i, buf)| wgpu::BindGroupEntry {
                    binding: i as u32,
                    resource: buf.as_entire_binding(),
                })
                .collect();
            self.device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("vortex conv"),
                layout: &self.layout,
                entries: &entries,
            })
        };
        let ab = bind(&base, &work_a, &work_b);
        let ba = bind(&base, &work_b, &work_a);
        let stage_count = n.trailing_zeros();
        let mut stage_dims = Vec::new();
        let stages = (0..stage_count)
            .map(|s| {
                let d = dims_buffer(1 << s);
                let g = if s % 2 == 0 {
                    bind(&d, &work_a, &work_b)
                } else {
                    bind(&d, &work_b, &work_a)
                };
                stage_dims.push(d);
                g
            })
            .collect();
        let mut kept = vec![prev, work_a, work_b, fdl, base];
        kept.extend(stage_dims);
        Group {
            first,
            channels,
            input,
            filters,
            output,
            ab,
            ba,
            stages,
            _buffers: kept,
        }
    }

    /// Fails with the first device error seen, if any.
    fn check(&self) -> Result<(), GpuError> {
        let slot = self.error.lock().unwrap_or_else(|p| p.into_inner());
        match slot.as_ref() {
            Some(message) if message.starts_with("device lost") => {
                Err(GpuError::DeviceLost(message.clone()))
            }
            Some(message) => Err(GpuError::Kernel(message.clone())),
            None => Ok(()),
        }
    }

    /// Waits for a late block's readback and drops it.
    fn settle(&mut self) -> Result<(), GpuError> {
        if !self.stale {
            return Ok(());
        }
        self.wait_mapped(None)?;
        if self.map.swap(UNMAPPED, Ordering::AcqRel) == MAPPED {
            self.readback.unmap();
        }
        self.stale = false;
        Ok(())
    }

    /// Polls until the readback's mapping is no longer pending (wgpu runs the mapping
    /// callback within a poll that sees the work done), or until `deadline` passes:
    /// `Ok(false)`. Without a deadline it waits for as long as the device works.
    fn wait_mapped(&self, deadline: Option<Instant>) -> Result<bool, GpuError> {
        for _ in 0..1000 {
            if self.map.load(Ordering::Acquire) != PENDING {
                return Ok(true);
            }
            let timeout = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            match self.device.poll(wgpu::PollType::Wait {
                submission_index: None,
                timeout,
            }) {
                Ok(_) => {}
                Err(wgpu::PollError::Timeout) => {
                    return Ok(self.map.load(Ordering::Acquire) != PENDING);
                }
                Err(e) => return Err(GpuError::DeviceLost(e.to_string())),
            }
        }
        Err(GpuError::DeviceLost("a readback never completed".into()))
    }

    fn dispatch(
        pass: &mut wgpu::ComputePass<'_>,
        pipeline: &wgpu::ComputePipeline,
        group: &wgpu::BindGroup,
        threads: usize,
    ) {
        let workgroups = (threads as u32).div_ceil(WORKGROUP);
        pass.set_pipeline(pipeline);
        pass.set_bind_group(0, group, &[]);
        pass.dispatch_workgroups(workgroups.min(ROW), workgroups.div_ceil(ROW), 1);
    }

    /// Encodes one block for `g`: frame, forward FFT, store, MAC, inverse FFT, emit.
    fn encode(&self, pass: &mut wgpu::ComputePass<'_>, g: &Group) {
        let p = &self.pipelines;
        let n = self.spec.fft_len();
        let c = g.channels;
        // After an even number of stages the result is back in A.
        let result = if g.stages.len().is_multiple_of(2) {
            &g.ab
        } else {
            &g.ba
        };
        Self::dispatch(pass, &p.frame, &g.ba, c * n); // writes A
        Self::dispatch(pass, &p.keep, &g.ab, c * self.spec.block);
        for stage in &g.stages {
            Self::dispatch(pass, &p.fft, stage, c * n / 2);
        }
        Self::dispatch(pass, &p.store, result, c * n);
        Self::dispatch(pass, &p.mac, &g.ba, c * n); // writes A
        for stage in &g.stages {
            Self::dispatch(pass, &p.fft, stage, c * n / 2);
        }
        Self::dispatch(pass, &p.emit, result, c * self.spec.block);
    }
}

impl BatchConvolver for WgpuConvolver {
    fn spec(&self) -> ConvSpec {
        self.spec
    }

    fn process(
        &mut self,
        input: &[&[f32]],
        output: &mut [&mut [f32]],
        deadline: Option<Instant>,
    ) -> Result<Outcome, GpuError> {
        self.settle()?;
        self.check()?;
        let b = self.spec.block;
        self.head = (self.head + 1) % self.spec.partitions() as u32;
        self.queue
            .write_buffer(&self.head_buffer, 0, &self.head.to_le_bytes());
        for (chunk, x) in self.upload.chunks_exact_mut(b * 4).zip(input) {
            for (bytes, v) in chunk.chunks_exact_mut(4).zip(&x[..b]) {
                bytes.copy_from_slice(&v.to_le_bytes());
            }
        }
        for g in &self.groups {
            self.queue.write_buffer(
                &g.input,
                0,
                &self.upload[g.first * b * 4..(g.first + g.channels) * b * 4],
            );
        }
        let mut encoder = self
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("block"),
            });
        {
            let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor {
                label: Some("block"),
                timestamp_writes: None,
            });
            for g in &self.groups {
                self.encode(&mut pass, g);
            }
        }
        for g in &self.groups {
            encoder.copy_buffer_to_buffer(
                &g.output,
                0,
                &self.readback,
                (g.first * b * 4) as u64,
                Some((g.channels * b * 4) as u64),
            );
        }
        self.queue.submit([encoder.finish()]);
        let map = Arc::clone(&self.map);
        self.map.store(PENDING, Ordering::Release);
        self.readback.map_async(wgpu::MapMode::Read, .., move |r| {
            map.store(if r.is_ok() { MAPPED } else { FAILED }, Ordering::Release);
        });
        if !self.wait_mapped(deadline)? {
            self.stale = true;
            return Ok(Outcome::Late);
        }
        self.check()?;
        if self.map.swap(UNMAPPED, Ordering::AcqRel) == FAILED {
            return Err(GpuError::Kernel(
                "reading the block's result back failed".into(),
            ));
        }
        {
            let view = self
                .readback
                .get_mapped_range(..)
                .map_err(|e| GpuError::Kernel(e.to_string()))?;
            for (y, bytes) in output.iter_mut().zip(view.chunks_exact(b * 4)) {
                for (v, word) in y[..b].iter_mut().zip(bytes.chunks_exact(4)) {
                    *v = f32::from_le_bytes([word[0], word[1], word[2], word[3]]);
                }
            }
        }
        self.readback.unmap();
        Ok(Outcome::Ready)
    }

    fn set_filters(&mut self, filters: &[&[f32]]) -> Result<(), GpuError> {
        self.spec.check_filters(filters)?;
        let spec = self.spec;
        let (n, parts) = (spec.fft_len(), spec.partitions());
        let fft = RealFftPlanner::<f32>::new().plan_fft_forward(n);
        let mut time = vec![0.0f32; n];
        let mut half = vec![Complex::<f32>::default(); n / 2 + 1];
        for g in &self.groups {
            let mut bytes = Vec::with_capacity(g.channels * parts * n * 8);
            for filter in &filters[g.first..g.first + g.channels] {
                for p in 0..parts {
                    spec.partition_frame(filter, p, &mut time);
                    fft.process(&mut time, &mut half)
                        .map_err(|e| GpuError::Kernel(e.to_string()))?;
                    // The full spectrum of a real signal: X[n - k] = conj(X[k]).
                    for k in 0..n {
                        let x = if k <= n / 2 {
                            half[k]
                        } else {
                            half[n - k].conj()
                        };
                        bytes.extend_from_slice(&x.re.to_le_bytes());
                        bytes.extend_from_slice(&x.im.to_le_bytes());
                    }
                }
            }
            self.queue.write_buffer(&g.filters, 0, &bytes);
        }
        self.check()
    }
}

#[cfg(test)]
mod tests;
