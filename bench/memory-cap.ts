import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a memory cgroup saw while the processes in it ran. */
export interface MemoryCapReading {
  limitMiB: number;
  /** The most the cgroup was charged at once: resident memory plus page cache, each page once. */
  peakMiB: number;
  /** Charged now: anonymous memory (heaps, stacks) and file pages (code, libraries, cache). */
  anonMiB: number;
  fileMiB: number;
  /** The part of the page cache processes have mapped (code, libraries): the rest is reclaimable. */
  mappedMiB: number;
  /** Processes the kernel killed for being over the cap. */
  oomKills: number;
}

const MIB = 1024 * 1024;

/**
 * A memory cgroup with a hard limit (root only): cgroup v2 where its memory controller is enabled,
 * else v1's memory hierarchy. The kernel charges each page once, to the cgroup that first touched it,
 * and reclaims page cache before it kills: so a station that keeps playing inside it fits a server
 * with that much memory for itself. No swap is counted (the limit covers swap too where it can).
 */
export class MemoryCap {
  private constructor(
    private readonly dir: string,
    private readonly version: 1 | 2,
    readonly limitMiB: number,
  ) {}

  /** A new cgroup capped at `limitMiB`, or why there can be none here. */
  static create(limitMiB: number): MemoryCap | string {
    const name = `h4k-bench-${process.pid}`;
    const bytes = String(limitMiB * MIB);
    try {
      if (MemoryCap.v2HasMemory()) {
        const dir = join('/sys/fs/cgroup', name);
        mkdirSync(dir);
        writeFileSync(join(dir, 'memory.max'), bytes);
        writeFileSync(join(dir, 'memory.swap.max'), '0');
        return new MemoryCap(dir, 2, limitMiB);
      }
      const dir = join('/sys/fs/cgroup/memory', name);
      if (!existsSync('/sys/fs/cgroup/memory/cgroup.procs')) return 'no memory cgroup (v1 or v2) on this machine';
      mkdirSync(dir);
      writeFileSync(join(dir, 'memory.limit_in_bytes'), bytes);
      // Memory plus swap, where the kernel accounts swap (absent without swapaccount=1).
      if (existsSync(join(dir, 'memory.memsw.limit_in_bytes')))
        writeFileSync(join(dir, 'memory.memsw.limit_in_bytes'), bytes);
      return new MemoryCap(dir, 1, limitMiB);
    } catch (error) {
      return `cannot make a memory cgroup (root needed): ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private static v2HasMemory(): boolean {
    try {
      return /\bmemory\b/.test(readFileSync('/sys/fs/cgroup/cgroup.subtree_control', 'utf8'));
    } catch {
      return false;
    }
  }

  /** The file a process writes its PID to, to join. */
  get procsFile(): string {
    return join(this.dir, 'cgroup.procs');
  }

  /** PIDs in the cgroup. */
  pids(): number[] {
    return readFileSync(this.procsFile, 'utf8').split('\n').filter(Boolean).map(Number);
  }

  read(): MemoryCapReading {
    const file = (name: string) => readFileSync(join(this.dir, name), 'utf8');
    const field = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    const stat = file('memory.stat');
    if (this.version === 2) {
      return {
        limitMiB: this.limitMiB,
        // memory.peak is Linux 5.19+; before that, what is charged now
        peakMiB: Number(existsSync(join(this.dir, 'memory.peak')) ? file('memory.peak') : file('memory.current')) / MIB,
        anonMiB: field(stat, 'anon') / MIB,
        fileMiB: field(stat, 'file') / MIB,
        mappedMiB: field(stat, 'file_mapped') / MIB,
        oomKills: field(file('memory.events'), 'oom_kill'),
      };
    }
    return {
      limitMiB: this.limitMiB,
      peakMiB: Number(file('memory.max_usage_in_bytes')) / MIB,
      anonMiB: field(stat, 'rss') / MIB,
      fileMiB: field(stat, 'cache') / MIB,
      mappedMiB: field(stat, 'mapped_file') / MIB,
      oomKills: field(file('memory.oom_control'), 'oom_kill'),
    };
  }

  /** Removes the cgroup once its processes have ended (waits up to 10 s for them). */
  async remove(): Promise<void> {
    for (const deadline = Date.now() + 10_000; this.pids().length > 0 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    rmdirSync(this.dir);
  }
}
