/**
 * The station's own rules for compose.yaml and the files it builds from, checked without
 * Docker. The file's shape is the Compose Specification's business (schema.ts); these read
 * the typed file it passed. Every check returns its problems as sentences: none means it holds.
 */
import * as path from 'node:path';

import { Add, Copy, type Instruction } from 'dockerfile-ast';

import { aptInstalls, checkDockerfileSyntax, lineOf, parseDockerfile, type Stage, words } from './dockerfile';
import { checkProfile } from './profile';
import { checkSchema, type Compose, isCompose, type Service } from './schema';
import {
  APT_PINS,
  CONFIG_FILES,
  CONFIG_READS,
  type ConfigSyntax,
  CONTRACTS_DIR,
  DOCKERIGNORED,
  ENV_EXAMPLE,
  INTERNAL_PORTS,
  MOUNTS,
  NEST_APPS,
  PINNED_BASES,
  PUBLISHED,
  REQUIRED_SECRETS,
  SERVICE_PACKAGES,
  type ServiceName,
} from './station';

export type { Compose, Service };

/** Read access to the repository (the real one, or an in-memory variant in tests). */
export interface RepoFiles {
  exists(relativePath: string): boolean;
  read(relativePath: string): string;
  /** Files under a directory, recursively, as repo-relative paths. */
  list(directory: string): string[];
}

// ---------------------------------------------------------------- the spec's short and long forms, normalised

export function services(compose: Compose): Record<string, Service> {
  return compose.services ?? {};
}

/** A `KEY=value` list or a map, as a map; `null` for a pass-through key. */
function listOrDict(raw: Service['environment']): Map<string, string | null> {
  if (Array.isArray(raw)) {
    return new Map(
      raw.map((entry): [string, string | null] => {
        const eq = entry.indexOf('=');
        return eq === -1 ? [entry, null] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return new Map(Object.entries(raw ?? {}).map(([key, value]) => [key, value === null ? null : String(value)]));
}

export function environment(service: Service): Map<string, string | null> {
  return listOrDict(service.environment);
}

export function build(service: Service) {
  const raw: Exclude<Service['build'], string> =
    typeof service.build === 'string' ? { context: service.build } : service.build;
  if (!raw) return undefined;
  return { context: raw.context ?? '.', dockerfile: raw.dockerfile ?? 'Dockerfile', args: listOrDict(raw.args) };
}

/** Repo-relative path of a service's Dockerfile. */
export function dockerfilePath(service: Service): string | undefined {
  const b = build(service);
  return b ? path.posix.normalize(path.posix.join(b.context, b.dockerfile)) : undefined;
}

function stagesOf(service: Service, files: RepoFiles): Stage[] {
  const file = dockerfilePath(service);
  return file && files.exists(file) ? parseDockerfile(files.read(file)) : [];
}

/** Container ports a `ports:` list publishes: `[IP:][HOST:]CONTAINER[-END][/PROTO]` or `{target}`. */
export function publishedPorts(service: Service): { container: number; spec: string }[] {
  return (service.ports ?? []).flatMap((entry) => {
    if (typeof entry === 'object') return [{ container: Number(entry.target), spec: JSON.stringify(entry) }];
    const spec = String(entry);
    const container = /(\d+(?:-\d+)?)(?:\/\w+)?$/.exec(spec)?.[1] ?? '';
    const [from = '', to = from] = container.split('-');
    return Array.from({ length: Math.max(0, Number(to) - Number(from) + 1) }, (_, i) => ({
      container: Number(from) + i,
      spec,
    }));
  });
}

export function mounts(service: Service): { source: string; target: string; readOnly: boolean }[] {
  return (service.volumes ?? []).map((entry) => {
    if (typeof entry === 'object') {
      return { source: entry.source ?? '', target: entry.target ?? '', readOnly: String(entry.read_only) === 'true' };
    }
    const [source = '', target = '', mode = ''] = entry.split(':');
    return { source, target, readOnly: mode.split(',').includes('ro') };
  });
}

function isNamedVolume(source: string): boolean {
  return source !== '' && !/^[./~]/.test(source);
}

/** Every string in a YAML tree, with where it sits. */
function strings(value: unknown, at: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([at, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${at}[${i}]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) strings(v, `${at}.${key}`, out);
  }
  return out;
}

function last(stages: Stage[], keyword: string): Instruction | undefined {
  return stages
    .at(-1)
    ?.image.getInstructions()
    .filter((i) => i.getKeyword() === keyword)
    .at(-1);
}

/** Command a container runs: compose `command:` over the image's CMD, after ENTRYPOINT. */
function commandLine(service: Service, stages: Stage[]): string[] {
  const entrypoint = last(stages, 'ENTRYPOINT');
  const cmd = last(stages, 'CMD');
  const raw = service.command;
  const command = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/\s+/) : cmd ? words(cmd) : [];
  return [...(entrypoint ? words(entrypoint) : []), ...command];
}

// ---------------------------------------------------------------- compose checks

export function checkPorts(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(services(compose))) {
    const allowed = PUBLISHED[name as ServiceName] ?? [];
    const published = publishedPorts(service);
    for (const { container, spec } of published) {
      if (allowed.includes(container)) continue;
      const what = INTERNAL_PORTS[container];
      problems.push(
        `${name}: publishes ${what ? `${what} port ${container}` : `port ${container}`} ("${spec}"); ` +
          'only caddy:80 and liquidsoap:8003 (harbor) may be published, use expose: for the rest',
      );
    }
    for (const port of allowed) {
      if (!published.some((p) => p.container === port)) {
        problems.push(`${name}: must publish port ${port}`);
      }
    }
  }
  return problems;
}

/** What each waits for is the profile's; a cycle would leave compose waiting forever. */
export function checkDependsOn(compose: Compose): string[] {
  const edges = new Map(
    Object.entries(services(compose)).map(([name, { depends_on: raw = [] }]) => [
      name,
      Array.isArray(raw) ? raw : Object.keys(raw),
    ]),
  );
  const cycle = findCycle(edges);
  return cycle ? [`depends_on cycle: ${cycle.join(' -> ')}`] : [];
}

function findCycle(edges: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const visit = (node: string, trail: string[]): string[] | undefined => {
    const seen = trail.indexOf(node);
    if (seen !== -1) return [...trail.slice(seen), node];
    if (done.has(node)) return undefined;
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next, [...trail, node]);
      if (cycle) return cycle;
    }
    done.add(node);
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node, []);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Secrets travel only through environment: (the profile says which and how), never in a command line `ps` shows. */
export function checkSecrets(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [where, value] of strings(compose, 'compose')) {
    // x- fields are YAML anchors merged into environment: blocks (checked there).
    if (where.includes('.environment.') || where.startsWith('compose.x-')) continue;
    for (const secret of REQUIRED_SECRETS) {
      // `$$NAME` is the container's own variable read at run time (not interpolated by compose).
      if (value.replaceAll(`$$${secret}`, '').includes(secret))
        problems.push(`${where}: ${secret} may only appear in environment:, not in ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

/** Compose interpolates `$NAME` from the host: each needs a default or `:?`; container-side `$` is `$$`. */
export function checkInterpolation(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [where, value] of strings(compose, 'compose')) {
    const unescaped = value.replace(/\$\$/g, '');
    for (const match of unescaped.matchAll(/\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)/g)) {
      if (!/^\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*|:\?[^}]+)\}$/.test(match[1] ?? '')) {
        problems.push(
          `${where}: "$${match[1]}" is filled in from the host's environment at \`docker compose up\` ` +
            '(empty when unset): give it a default (${NAME:-x}) or :?, or write $$ for a variable of the container',
        );
      }
    }
  }
  return problems;
}

export function checkVolumes(compose: Compose): string[] {
  const problems: string[] = [];
  const all = services(compose);
  const declared = Object.keys(compose.volumes ?? {});
  for (const [name, service] of Object.entries(all)) {
    for (const mount of mounts(service)) {
      if (isNamedVolume(mount.source) && !declared.includes(mount.source)) {
        problems.push(`${name}: volume "${mount.source}" is not declared under top-level volumes:`);
      }
    }
  }
  for (const [name, volume, target, writable] of MOUNTS) {
    const service = all[name];
    if (!service) continue;
    const mount = mounts(service).find((m) => m.source === volume && m.target === target);
    if (!mount) problems.push(`${name}: must mount volume ${volume} at ${target}`);
    else if (writable && mount.readOnly) problems.push(`${name}: needs ${volume} writable, it is mounted :ro`);
  }
  const redis = all['redis'];
  if (redis) {
    const command = [redis.command ?? ''].flat().join(' ');
    if (!/--appendonly\s+yes/.test(command)) problems.push('redis: command must turn AOF on (--appendonly yes)');
  }
  return problems;
}

/** Built services: the Dockerfile and context exist (the profile says which). */
export function checkBuilds(compose: Compose, files: RepoFiles): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(services(compose))) {
    const b = build(service);
    if (!b) continue;
    if (!files.exists(b.context)) problems.push(`${name}: build context ${b.context} does not exist`);
    const file = dockerfilePath(service) ?? '';
    if (!files.exists(file)) problems.push(`${name}: build.dockerfile ${file} does not exist`);
  }
  return problems;
}

/**
 * The Redis-transport services are probed with `node service-ping.cjs <pattern>`: the pattern
 * must be one of the service's own in libs/contracts, or a rename there leaves them unhealthy.
 */
export function checkServicePings(compose: Compose, files: RepoFiles): string[] {
  const problems: string[] = [];
  const contracts = files
    .list(CONTRACTS_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .map((file) => files.read(file))
    .join('\n');
  for (const [name, service] of Object.entries(services(compose))) {
    if (!(NEST_APPS as readonly string[]).includes(name) || name === 'gateway') continue;
    const test = service.healthcheck?.test;
    const [kind, program, script, pattern = ''] = Array.isArray(test) ? test : [];
    if (kind !== 'CMD' || program !== 'node' || script !== 'service-ping.cjs') {
      problems.push(`${name}: healthcheck must be ["CMD", "node", "service-ping.cjs", "${name}.<pattern>"]`);
      continue;
    }
    if (!pattern.startsWith(`${name}.`))
      problems.push(`${name}: healthcheck pings ${pattern}, not one of ${name}'s patterns`);
    if (!contracts.includes(`'${pattern}'`) && !contracts.includes(`"${pattern}"`)) {
      problems.push(`${name}: healthcheck pings ${pattern}, which no contract in ${CONTRACTS_DIR} defines`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- Dockerfile checks

/** One Dockerfile on its own: Docker's syntax, bases, stages, downloads, user, apt pins, COPY sources. */
export function checkDockerfile(file: string, text: string, files: RepoFiles, context = '.'): string[] {
  const problems = checkDockerfileSyntax(file, text);
  const stages = parseDockerfile(text);
  const names = stages.map((s) => s.name).filter(Boolean);
  for (const stage of stages) {
    if (names.includes(stage.base)) continue;
    if (!(PINNED_BASES as readonly string[]).some((base) => stage.base === base || stage.base.startsWith(`${base}.`))) {
      problems.push(`${file}: FROM ${stage.base} is not a pinned base (allowed: ${PINNED_BASES.join(', ')})`);
    }
  }
  const buildsNode = /\bnpm ci\b|\bnx build\b/.test(text);
  if (buildsNode && stages.length < 2) {
    problems.push(
      `${file}: builds node code in a single stage; build in one FROM and copy the output into a runtime FROM`,
    );
  }
  for (const stage of stages) {
    for (const instruction of stage.image.getInstructions()) {
      const [keyword, args, line] = [
        instruction.getKeyword(),
        instruction.getArgumentsContent() ?? '',
        lineOf(instruction),
      ];
      if (keyword === 'RUN' && pipesDownloadIntoInterpreter(args)) {
        problems.push(`${file}:${line}: downloads a script and runs it (curl|sh); install from Debian or npm instead`);
      }
      if (keyword === 'ADD' && /\bhttps?:\/\//.test(args)) {
        problems.push(`${file}:${line}: ADD of a URL downloads unverified content at build time`);
      }
      if (keyword === 'RUN') {
        for (const pkg of aptInstalls(args)) {
          const [name = '', version] = pkg.split('=');
          const pin = APT_PINS[name];
          if (pin && !(version && pin.test(version))) {
            problems.push(
              `${file}:${line}: apt installs ${pkg}; pin it to the tested version (${name}=${pin.source.replace(/[\\^]/g, '')}*)`,
            );
          }
        }
      }
    }
    for (const { instruction, sources } of localCopies(stage)) {
      for (const source of sources) {
        const repoPath = path.posix.normalize(path.posix.join(context, source));
        if (!/[*?[]/.test(source) && !files.exists(repoPath)) {
          problems.push(`${file}:${lineOf(instruction)}: COPY source ${repoPath} does not exist`);
        }
      }
    }
  }
  const user = last(stages, 'USER')?.getArgumentsContent() ?? undefined;
  if (!user || /^(root|0)(:|$)/.test(user)) {
    problems.push(`${file}: the final stage runs as ${user ?? 'root (no USER)'}; switch to an unprivileged USER`);
  }
  return problems;
}

function pipesDownloadIntoInterpreter(run: string): boolean {
  return (
    /\b(curl|wget)\b[^|;&]*\|\s*(sudo\s+)?(\S*\/)?(ba|da|z|k)?sh\b/.test(run) ||
    /\b(curl|wget)\b[^|;&]*\|\s*(sudo\s+)?(\S*\/)?(python3?|node|perl|ruby)\b/.test(run) ||
    /\b(ba|da|z)?sh\s+(-c\s+)?["']?\$\(\s*(curl|wget)\b/.test(run) ||
    /<\(\s*(curl|wget)\b/.test(run)
  );
}

/** Every Dockerfile compose builds, checked once, plus what the services need of their image. */
export function checkDockerfiles(compose: Compose, files: RepoFiles): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [name, service] of Object.entries(services(compose))) {
    const file = dockerfilePath(service);
    if (!file || !files.exists(file)) continue;
    const text = files.read(file);
    if (!seen.has(file)) {
      seen.add(file);
      problems.push(...checkDockerfile(file, text, files, build(service)?.context));
    }
    const installed = parseDockerfile(text).flatMap((stage) =>
      stage.image
        .getInstructions()
        .filter((i) => i.getKeyword() === 'RUN')
        .flatMap((i) => aptInstalls(i.getArgumentsContent() ?? '')),
    );
    for (const pkg of SERVICE_PACKAGES[name as ServiceName] ?? []) {
      if (!installed.some((p) => p.split('=')[0] === pkg)) {
        problems.push(`${name}: ${file} does not install the Debian package ${pkg}`);
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------- config files

/** COPY and ADD of files from the build context (not `--from=` another stage). */
function localCopies(stage: Stage): { instruction: Instruction; sources: string[]; destination: string }[] {
  return stage.image.getInstructions().flatMap((instruction) => {
    if (!(instruction instanceof Copy || instruction instanceof Add)) return [];
    if (instruction.getFlags().some((flag) => flag.getName() === 'from')) return [];
    const paths = words(instruction).filter((word) => !word.startsWith('--'));
    return [{ instruction, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' }];
  });
}

/** Container path each repo file is copied to by the final stage. */
export function copiedFiles(stages: Stage[], context = '.'): Map<string, string> {
  const copied = new Map<string, string>();
  const final = stages.at(-1);
  for (const { instruction, sources, destination } of final ? localCopies(final) : []) {
    if (instruction.getKeyword() !== 'COPY') continue;
    const intoDir = destination.endsWith('/') || sources.length > 1;
    for (const source of sources) {
      const target = intoDir ? path.posix.join(destination, path.posix.basename(source)) : destination;
      copied.set(path.posix.normalize(path.posix.join(context, source)), target);
    }
  }
  return copied;
}

/**
 * Variables a config reads from the environment; `required` leaves out those with a
 * fallback in the file (Caddy's `{$NAME:default}`).
 */
export function configVariables(text: string, syntax: ConfigSyntax): { all: string[]; required: string[] } {
  const all = new Set<string>();
  const optional = new Set<string>();
  const add = (pattern: RegExp, into = all) => {
    for (const match of text.matchAll(pattern)) {
      if (match[1]) {
        all.add(match[1]);
        into.add(match[1]);
      }
    }
  };
  if (syntax === 'envsubst') add(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g);
  // getenv("NAME"), and NAME passed first to any helper (env_int("HARBOR_PORT", 8003))
  if (syntax === 'liquidsoap') add(/\(\s*"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"/g);
  if (syntax === 'caddyfile') {
    add(/\{\$([A-Za-z_][A-Za-z0-9_]*)\}/g);
    add(/\{\$([A-Za-z_][A-Za-z0-9_]*):[^}]*\}/g, optional);
    add(/\{env\.([A-Za-z_][A-Za-z0-9_]*)\}/g);
  }
  return {
    all: [...all].sort(),
    required: [...all].filter((name) => !optional.has(name)).sort(),
  };
}

export function checkConfigFiles(compose: Compose, files: RepoFiles): string[] {
  const problems: string[] = [];
  const all = services(compose);
  for (const { service: name, file, syntax } of CONFIG_FILES) {
    if (!files.exists(file)) {
      problems.push(`${file} (read by ${name}) does not exist`);
      continue;
    }
    const service = all[name];
    if (!service) continue;
    const stages = stagesOf(service, files);
    const target = copiedFiles(stages, build(service)?.context).get(file);
    if (!target) {
      problems.push(`${name}: ${dockerfilePath(service)} does not COPY ${file} into the image`);
    } else if (!commandLine(service, stages).includes(target)) {
      problems.push(
        `${name}: ${file} is copied to ${target}, but the service's command never names it (${commandLine(service, stages).join(' ')})`,
      );
    }
    const text = files.read(file);
    const reads = configVariables(text, syntax);
    for (const group of CONFIG_READS[file] ?? []) {
      if (!group.some((variable) => reads.all.includes(variable))) {
        problems.push(
          `${file} never reads ${group.join(' or ')}: in compose that program runs in another ` +
            'container, so its address must come from the environment',
        );
      }
    }
    const imageEnv = stages
      .at(-1)
      ?.image.getENVs()
      .flatMap((env) => env.getProperties().map((p) => p.getName()));
    const available = new Set([...environment(service).keys(), ...(imageEnv ?? [])]);
    for (const variable of reads.required) {
      if (!available.has(variable))
        problems.push(`${name}: ${file} reads ${variable}, which the service's environment does not set`);
    }
    if (syntax === 'envsubst') {
      for (const match of text.matchAll(/@@[A-Za-z_][A-Za-z0-9_]*@@/g)) {
        problems.push(
          `${file}: placeholder ${match[0]} is not \${NAME}: render-and-exec.sh (envsubst) would leave it in the config`,
        );
      }
    }
    for (const loopback of loopbacks(text, syntax)) {
      problems.push(
        `${file}: hard-codes ${loopback}; in compose every program has its own container, ` +
          'so addresses must come from the *_HOST / *_BIND variables',
      );
    }
    const telnetOn = /settings\.server\.telnet\.set\(\s*true/.test(text);
    const telnetBind = /settings\.server\.telnet\.bind_addr\.set\(\s*("[^"]*")?/.exec(text);
    const loopbackBind = /^"(127\.0\.0\.1|localhost|::1)"$/.test(telnetBind?.[1] ?? '""');
    if (syntax === 'liquidsoap' && telnetOn && (!telnetBind || loopbackBind)) {
      problems.push(
        `${file}: the telnet server listens on 127.0.0.1 only, which the livestream container ` +
          'cannot reach: bind it from the environment (compose sets LIQUIDSOAP_TELNET_BIND=0.0.0.0)',
      );
    }
    if (syntax === 'liquidsoap' && /\benvironment\.get\b/.test(text) && !/^\s*def\s+environment\.get\b/m.test(text)) {
      problems.push(`${file}: environment.get does not exist in Liquidsoap 2.1.3 (Debian 12): use getenv("NAME")`);
    }
  }
  return problems;
}

/** Loopback addresses written into a config (comments ignored). */
function loopbacks(text: string, syntax: ConfigSyntax): string[] {
  const code =
    syntax === 'envsubst' && text.trimStart().startsWith('<')
      ? text.replace(/<!--[\s\S]*?-->/g, '')
      : text.replace(/(^|\s)#.*$/gm, '$1');
  // A default only applies when the variable is unset, and compose sets them all.
  const withoutDefaults = code
    .replace(/\bdefault\s*=\s*"[^"]*"/g, '')
    .replace(/\{\$([A-Za-z_][A-Za-z0-9_]*):[^}]*\}/g, '');
  return [...new Set(withoutDefaults.match(/\b127\.0\.0\.1\b|\blocalhost\b|\[::1\]/g) ?? [])];
}

// ---------------------------------------------------------------- files beside compose.yaml

/**
 * Caddy in front of `--scale gateway=N`: a fixed upstream `{$GATEWAY_HOST}:port` is one address to
 * Caddy, however many replicas Docker's DNS names; `dynamic a` looks every replica up and balances them.
 */
export function checkGatewayBalancing(files: RepoFiles): string[] {
  const file = 'caddy/Caddyfile';
  if (!files.exists(file)) return [`${file} is missing`];
  const lines = files.read(file).split('\n');
  const problems = lines.flatMap((line, index) =>
    /^\s*reverse_proxy\b.*\{\$GATEWAY_HOST/.test(line)
      ? [`${file}:${index + 1}: the gateway as a fixed upstream reaches one replica; import the DNS-found gateways`]
      : [],
  );
  if (!lines.some((line) => /^\s*dynamic a \{\$GATEWAY_HOST[^}]*\} \{\$GATEWAY_PORT\}/.test(line))) {
    problems.push(`${file} does not find the gateways by DNS (dynamic a {$GATEWAY_HOST} {$GATEWAY_PORT})`);
  }
  return problems;
}

export function checkDockerignore(files: RepoFiles): string[] {
  if (!files.exists('.dockerignore'))
    return ['.dockerignore is missing: the build context would carry node_modules and .env'];
  const entries = files
    .read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.replace(/^\/|^\*\*\//, '').replace(/\/$/, ''));
  return DOCKERIGNORED.filter((entry) => !entries.includes(entry)).map(
    (entry) => `.dockerignore does not exclude ${entry}`,
  );
}

export function checkEnvExample(files: RepoFiles): string[] {
  if (!files.exists(ENV_EXAMPLE)) return [`${ENV_EXAMPLE} is missing`];
  const text = files.read(ENV_EXAMPLE);
  return REQUIRED_SECRETS.filter((secret) => !new RegExp(`^${secret}=`, 'm').test(text)).map(
    (secret) => `${ENV_EXAMPLE} does not list ${secret}=`,
  );
}

/**
 * The Compose Specification, then the station's rules (the mutation tests look for one
 * specific problem in here). The rules read a file the schema accepted, so they wait for it.
 */
export function validate(document: unknown, files: RepoFiles): string[] {
  if (!isCompose(document)) return checkSchema(document);
  const compose = document;
  return [
    ...checkProfile(compose),
    ...checkPorts(compose),
    ...checkDependsOn(compose),
    ...checkSecrets(compose),
    ...checkInterpolation(compose),
    ...checkVolumes(compose),
    ...checkBuilds(compose, files),
    ...checkServicePings(compose, files),
    ...checkDockerfiles(compose, files),
    ...checkConfigFiles(compose, files),
    ...checkDockerignore(files),
    ...checkEnvExample(files),
  ];
}
