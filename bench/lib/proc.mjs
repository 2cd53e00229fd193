// Memory of a process from /proc (Linux): resident set size now and its peak (the kernel's
// high-water mark, which `resetPeak` sets back to the current size so a phase can be measured alone).
import { readFile, writeFile } from "node:fs/promises";

/** `{ rssMb, peakMb }` of process `pid`. */
export async function memoryOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const mb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]) / 1024;
  return { rssMb: mb("VmRSS"), peakMb: mb("VmHWM") };
}

export async function resetPeak(pid) {
  await writeFile(`/proc/${pid}/clear_refs`, "5");
}
