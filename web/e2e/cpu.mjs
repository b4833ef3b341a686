// CPU time of a process tree from /proc (Linux): the browser and every process it
// started (GPU, network, renderers; renderers are children of the zygote, itself a
// child of the browser), so nothing the page costs is left out.

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's times (getconf CLK_TCK, usually 100). */
export const CLOCK_TICKS_PER_S = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** { ppid, ticks (utime + stime) } of a process, null if it is gone. */
function readStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may contain spaces: split after it.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** CPU ticks (utime + stime) of `rootPid` and all its descendants, by PID. */
export function treeTicks(rootPid) {
  const stats = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) stats.set(Number(name), s);
  }
  const inTree = new Set([rootPid]);
  // Parents may have larger PIDs than children (PID wrap-around): iterate to a fixpoint.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, s] of stats) {
      if (!inTree.has(pid) && inTree.has(s.ppid)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  const ticks = new Map();
  for (const pid of inTree) if (stats.has(pid)) ticks.set(pid, stats.get(pid).ticks);
  return ticks;
}

/**
 * CPU use of the tree over `durationS` of wall time, percent of one core. Per process:
 * the growth of its ticks (processes started meanwhile count in full; one that ended
 * meanwhile loses its last moments, which does not flatter a busy page by much).
 */
export async function measureTreeCpu(rootPid, durationS) {
  const before = treeTicks(rootPid);
  const t0 = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, durationS * 1000));
  const after = treeTicks(rootPid);
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  const cpuS = ticks / CLOCK_TICKS_PER_S;
  return { cpuPct: (100 * cpuS) / wallS, cpuS, wallS, processes: after.size };
}
