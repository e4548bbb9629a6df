/** Just enough of a Dockerfile parser for the structure checks: stages and instructions. */

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  base: string;
  name?: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions(text)) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const [base = '', as, name] = words;
      stages.push({
        base,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** Instructions with continuation lines joined and comments dropped. */
export function instructions(text: string): Instruction[] {
  const result: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (pending === '' && (line.trim() === '' || line.trim().startsWith('#'))) return;
    if (pending !== '' && line.trim().startsWith('#')) return;
    if (pending === '') start = index + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = (pending + line).trim();
    pending = '';
    const match = /^(\S+)\s*(.*)$/s.exec(full);
    if (match) {
      result.push({
        keyword: (match[1] ?? '').toUpperCase(),
        args: (match[2] ?? '').trim(),
        line: start,
      });
    }
  });
  return result;
}

/** Arguments of an exec-form (`["a", "b"]`) or shell-form instruction. */
export function execArgs(args: string): string[] {
  if (args.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(args);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON: Docker treats it as shell form too
    }
  }
  return args.split(/\s+/).filter(Boolean);
}

export interface Copy {
  from?: string;
  sources: string[];
  destination: string;
}

export function parseCopy(instruction: Instruction): Copy {
  const words = execArgs(instruction.args);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  return {
    from,
    sources: paths.slice(0, -1),
    destination: paths.at(-1) ?? '',
  };
}

/** Names set by ENV instructions (`ENV A=1 B=2` or `ENV A 1`). */
export function envNames(instructionsOfStage: Instruction[]): string[] {
  const names: string[] = [];
  for (const { keyword, args } of instructionsOfStage) {
    if (keyword !== 'ENV') continue;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
      for (const match of args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)) {
        if (match[1]) names.push(match[1]);
      }
    } else {
      const name = args.split(/\s+/)[0];
      if (name) names.push(name);
    }
  }
  return names;
}

/** Package arguments of every `apt-get install` / `apt install` in a RUN. */
export function aptInstalls(run: string): string[] {
  const packages: string[] = [];
  for (const segment of run.split(/&&|\|\||;|\|/)) {
    const match = /\bapt(?:-get)?\s+(?:[^\s]+\s+)*?install\b(.*)$/s.exec(segment);
    if (!match) continue;
    for (const word of (match[1] ?? '').split(/\s+/)) {
      const unquoted = word.replace(/^['"]|['"]$/g, '');
      if (unquoted && !unquoted.startsWith('-')) packages.push(unquoted);
    }
  }
  return packages;
}
