//! What compute backends and devices this build and machine offer
//! (`vortex devices --gpu`).

use crate::backend::{BackendKind, ComputeBackend, DeviceInfo};
use crate::cpu::CpuBackend;

/// One backend: its devices, or why it has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendStatus {
    /// The backend.
    pub kind: BackendKind,
    /// Its devices, in the order `device_index` counts them.
    pub devices: Vec<DeviceInfo>,
    /// Why there are none (not built, no driver); `None` when there are.
    pub problem: Option<String>,
}

/// Every backend this binary knows, CPU first.
pub fn discover() -> Vec<BackendStatus> {
    let cpu = BackendStatus {
        kind: BackendKind::Cpu,
        devices: vec![CpuBackend::new().info().clone()],
        problem: None,
    };
    vec![cpu, wgpu_status(), cuda_status()]
}

#[cfg(feature = "wgpu")]
fn wgpu_status() -> BackendStatus {
    let devices = crate::wgpu::adapters();
    let problem = devices.is_empty().then(|| {
        "no adapter: no Vulkan, Metal or DX12 driver (on Linux, mesa-vulkan-drivers gives a software device)".to_owned()
    });
    BackendStatus {
        kind: BackendKind::Wgpu,
        devices,
        problem,
    }
}

#[cfg(not(feature = "wgpu"))]
fn wgpu_status() -> BackendStatus {
    not_built(BackendKind::Wgpu)
}

fn cuda_status() -> BackendStatus {
    not_built(BackendKind::Cuda)
}

fn not_built(kind: BackendKind) -> BackendStatus {
    BackendStatus {
        kind,
        devices: Vec::new(),
        problem: Some(format!(
            "not built into this binary (cargo feature `{}`)",
            kind.as_str()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cpu_is_always_there_and_cuda_says_why_not() {
        let all = discover();
        assert_eq!(all[0].kind, BackendKind::Cpu);
        assert_eq!(all[0].devices.len(), 1);
        assert!(all[0].devices[0].memory_bytes > 0, "RAM from /proc/meminfo");
        let cuda = all.iter().find(|b| b.kind == BackendKind::Cuda).unwrap();
        assert!(cuda.devices.is_empty());
        assert!(cuda.problem.as_deref().unwrap().contains("not built"));
        let wgpu = all.iter().find(|b| b.kind == BackendKind::Wgpu).unwrap();
        assert_eq!(wgpu.devices.is_empty(), wgpu.problem.is_some());
    }
}
