/** The VS Code Docker language server's Dockerfile parser and validator, and the little the checks add. */
import { DockerfileParser, type ImageTemplate, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

export interface Stage {
  base: string;
  name: string | null;
  image: ImageTemplate;
}

/** What makes a Dockerfile invalid or dubious to Docker's own rules (unknown instructions and flags, no FROM, ...). */
export function checkDockerfileSyntax(file: string, text: string): string[] {
  return validate(text).map(({ range, message }) => `${file}:${range.start.line + 1}: ${message}`);
}

export function parseDockerfile(text: string): Stage[] {
  const dockerfile = DockerfileParser.parse(text);
  return dockerfile.getFROMs().map((from) => ({
    base: from.getImage() ?? '',
    name: from.getBuildStage(),
    image: dockerfile.getContainingImage(from.getRange().start) ?? dockerfile,
  }));
}

/**
 * Words of an instruction, exec form (`["a", "b"]`) or shell form, flags left out.
 * JSON.parse because dockerfile-ast's JSON strings drop the spaces inside a string.
 */
export function words(instruction: Instruction): string[] {
  try {
    const parsed: unknown = JSON.parse(instruction.getArgumentsContent() ?? '');
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // shell form
  }
  return instruction.getArguments().map((argument) => argument.getValue());
}

/** 1-based, as editors and Docker's errors count. */
export function lineOf(instruction: Instruction): number {
  return instruction.getRange().start.line + 1;
}

/** Package arguments of every `apt-get install` / `apt install` in a RUN (shell, not Dockerfile, syntax). */
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
