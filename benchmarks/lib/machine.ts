/**
 * A description of the machine the benchmarks ran on, for reports.
 *
 * @module
 */

import * as os from 'node:os';

/** Hardware and runtime facts that matter when comparing reports. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly logicalCores: number;
  readonly totalMemoryBytes: number;
  readonly nodeVersion: string;
  readonly os: string;
}

/** Collects {@link MachineInfo} for the current process. */
export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() || 'unknown',
    logicalCores: os.availableParallelism(),
    totalMemoryBytes: os.totalmem(),
    nodeVersion: process.version,
    os: `${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`,
  };
}
