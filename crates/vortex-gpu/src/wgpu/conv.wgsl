// Batched uniform-partitioned overlap-save convolution, one group of channels per bind
// group. Complex FFTs of length n = 2 * block (radix-2 Stockham, natural order), the
// filter spectra scaled by 1/n on upload, the inverse taken as conj(FFT(conj(x))).
// Every kernel reads `work_a` and writes `work_b`; the host swaps the two buffers
// between bind groups, so a chain of stages ping-pongs without copies.

struct Dims {
  channels: u32,
  block: u32,
  n: u32,
  partitions: u32,
  // Half-size of this FFT stage's butterflies (1, 2, 4, ... n/2); unused elsewhere.
  ns: u32,
  // Workgroups per row of a 2-D dispatch (64 threads each).
  row: u32,
}

struct Block {
  // Delay-line slot of the newest block.
  head: u32,
}

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> prev: array<f32>;
@group(0) @binding(3) var<storage, read_write> work_a: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read_write> work_b: array<vec2<f32>>;
@group(0) @binding(5) var<storage, read_write> fdl: array<vec2<f32>>;
@group(0) @binding(6) var<storage, read> filters: array<vec2<f32>>;
@group(0) @binding(7) var<storage, read_write> output: array<f32>;
@group(0) @binding(8) var<uniform> blk: Block;

const TAU: f32 = 6.283185307179586;

fn index(gid: vec3<u32>) -> u32 {
  return gid.x + gid.y * dims.row * 64u;
}

// work_b[c][j] = the last two blocks of channel c (previous, then this one), real.
@compute @workgroup_size(64)
fn frame(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = index(gid);
  if (i >= dims.channels * dims.n) { return; }
  let c = i / dims.n;
  let j = i % dims.n;
  var x: f32;
  if (j < dims.block) {
    x = prev[c * dims.block + j];
  } else {
    x = input[c * dims.block + j - dims.block];
  }
  work_b[i] = vec2<f32>(x, 0.0);
}

// prev = input, after `frame` has read it.
@compute @workgroup_size(64)
fn keep(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = index(gid);
  if (i >= dims.channels * dims.block) { return; }
  prev[i] = input[i];
}

// One radix-2 Stockham stage over every channel: work_a -> work_b.
@compute @workgroup_size(64)
fn fft_stage(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = index(gid);
  let half = dims.n / 2u;
  if (t >= dims.channels * half) { return; }
  let c = t / half;
  let j = t % half;
  let base = c * dims.n;
  let ns = dims.ns;
  let k = j % ns;
  let a = work_a[base + j];
  let b0 = work_a[base + j + half];
  let angle = -TAU * f32(k) / f32(2u * ns);
  let w = vec2<f32>(cos(angle), sin(angle));
  let b = vec2<f32>(b0.x * w.x - b0.y * w.y, b0.x * w.y + b0.y * w.x);
  let d = (j / ns) * 2u * ns + k;
  work_b[base + d] = a + b;
  work_b[base + d + ns] = a - b;
}

// The spectrum in work_a goes into the delay line at `head`.
@compute @workgroup_size(64)
fn store(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = index(gid);
  if (i >= dims.channels * dims.n) { return; }
  let c = i / dims.n;
  let k = i % dims.n;
  fdl[(c * dims.partitions + blk.head) * dims.n + k] = work_a[i];
}

// work_b = conj(sum over partitions p of fdl[head - p] * filters[p]), per channel and bin.
@compute @workgroup_size(64)
fn mac(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = index(gid);
  if (i >= dims.channels * dims.n) { return; }
  let c = i / dims.n;
  let k = i % dims.n;
  let parts = dims.partitions;
  var acc = vec2<f32>(0.0, 0.0);
  for (var p = 0u; p < parts; p = p + 1u) {
    let slot = (blk.head + parts - p) % parts;
    let x = fdl[(c * parts + slot) * dims.n + k];
    let h = filters[(c * parts + p) * dims.n + k];
    acc = acc + vec2<f32>(x.x * h.x - x.y * h.y, x.x * h.y + x.y * h.x);
  }
  work_b[i] = vec2<f32>(acc.x, -acc.y);
}

// The output block: the second half of the inverse transform in work_a (real part).
@compute @workgroup_size(64)
fn emit(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = index(gid);
  if (i >= dims.channels * dims.block) { return; }
  let c = i / dims.block;
  let j = i % dims.block;
  output[i] = work_a[c * dims.n + dims.block + j].x;
}
