/**
 * Structure checks of compose.yaml and the files it builds from, without Docker.
 * Every check returns the problems it found as readable sentences: none means it holds.
 */
import * as path from 'node:path';
import { aptInstalls, envNames, execArgs, parseCopy, parseDockerfile, type Stage } from './dockerfile';
import {
  APT_PINS,
  CONFIG_FILES,
  CONFIG_READS,
  CONTRACTS_DIR,
  CONTRACT_VALUES,
  DEPENDS_ON,
  DOCKERIGNORED,
  ENV_EXAMPLE,
  HOST_VARS,
  INTERNAL_PORTS,
  MOUNTS,
  NEST_APPS,
  PINNED_BASES,
  PUBLISHED,
  REDIS_IMAGE,
  REQUIRED_SECRETS,
  SERVICE_ENV,
  SERVICE_PACKAGES,
  SERVICES,
  type ConfigSyntax,
  type ServiceName,
} from './station';

/** Read access to the repository (the real one, or an in-memory variant in tests). */
export interface RepoFiles {
  exists(relativePath: string): boolean;
  read(relativePath: string): string;
  /** Files under a directory, recursively, as repo-relative paths. */
  list(directory: string): string[];
}

export type Compose = Record<string, unknown>;
type Service = Record<string, unknown>;

// ---------------------------------------------------------------- helpers

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function services(compose: Compose): Record<string, Service> {
  const result: Record<string, Service> = {};
  for (const [name, value] of Object.entries(record(compose['services']) ?? {})) {
    result[name] = record(value) ?? {};
  }
  return result;
}

/** `environment:` as a map (list form `KEY=value` too); `null` for a pass-through key. */
export function environment(service: Service): Map<string, string | null> {
  const env = new Map<string, string | null>();
  const raw = service['environment'];
  if (Array.isArray(raw)) {
    for (const entry of raw.map(String)) {
      const eq = entry.indexOf('=');
      if (eq === -1) env.set(entry, null);
      else env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  } else {
    for (const [key, value] of Object.entries(record(raw) ?? {})) {
      env.set(key, value === null || value === undefined ? null : String(value));
    }
  }
  return env;
}

interface Build {
  context: string;
  dockerfile: string;
  args: Record<string, string>;
}

export function build(service: Service): Build | undefined {
  const raw = service['build'];
  if (typeof raw === 'string') return { context: raw, dockerfile: 'Dockerfile', args: {} };
  const map = record(raw);
  if (!map) return undefined;
  const args: Record<string, string> = {};
  const rawArgs = map['args'];
  if (Array.isArray(rawArgs)) {
    for (const entry of rawArgs.map(String)) {
      const [key = '', ...value] = entry.split('=');
      args[key] = value.join('=');
    }
  } else {
    for (const [key, value] of Object.entries(record(rawArgs) ?? {})) {
      args[key] = String(value);
    }
  }
  return {
    context: typeof map['context'] === 'string' ? map['context'] : '.',
    dockerfile: typeof map['dockerfile'] === 'string' ? map['dockerfile'] : 'Dockerfile',
    args,
  };
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

interface PublishedPort {
  container: number;
  spec: string;
}

/** Container ports a `ports:` list publishes (short and long syntax). */
export function publishedPorts(service: Service): PublishedPort[] {
  const result: PublishedPort[] = [];
  const raw = service['ports'];
  if (!Array.isArray(raw)) return result;
  for (const entry of raw) {
    const long = record(entry);
    if (long) {
      result.push({
        container: Number(long['target']),
        spec: JSON.stringify(long),
      });
      continue;
    }
    const spec = String(entry);
    const withoutProtocol = spec.replace(/\/(tcp|udp|sctp)$/, '');
    const withoutIp = withoutProtocol.replace(/^\[[^\]]*\]:/, '');
    const container = withoutIp.split(':').at(-1) ?? '';
    const [from = '', to = from] = container.split('-');
    for (let port = Number(from); port <= Number(to); port++) {
      result.push({ container: port, spec });
    }
  }
  return result;
}

interface Mount {
  source: string;
  target: string;
  readOnly: boolean;
}

export function mounts(service: Service): Mount[] {
  const raw = service['volumes'];
  if (!Array.isArray(raw)) return [];
  return raw.map((entry): Mount => {
    const long = record(entry);
    if (long) {
      return {
        source: String(long['source'] ?? ''),
        target: String(long['target'] ?? ''),
        readOnly: long['read_only'] === true,
      };
    }
    const [source = '', target = '', mode = ''] = String(entry).split(':');
    return { source, target, readOnly: mode.split(',').includes('ro') };
  });
}

function isNamedVolume(source: string): boolean {
  return source !== '' && !source.startsWith('.') && !source.startsWith('/') && !source.startsWith('~');
}

/** Every string in a YAML tree, with where it sits. */
function strings(value: unknown, at: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([at, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${at}[${i}]`, out));
  else {
    for (const [key, v] of Object.entries(record(value) ?? {})) strings(v, `${at}.${key}`, out);
  }
  return out;
}

/** Command a container runs: compose `command:` over the image's CMD, after ENTRYPOINT. */
function commandLine(service: Service, stages: Stage[]): string[] {
  const last = stages.at(-1)?.instructions ?? [];
  const entrypoint = last.filter((i) => i.keyword === 'ENTRYPOINT').at(-1);
  const cmd = last.filter((i) => i.keyword === 'CMD').at(-1);
  const raw = service['command'];
  const command = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string'
      ? raw.split(/\s+/)
      : cmd
        ? execArgs(cmd.args)
        : [];
  return [...(entrypoint ? execArgs(entrypoint.args) : []), ...command];
}

// ---------------------------------------------------------------- compose checks

export function checkServices(compose: Compose): string[] {
  const present = services(compose);
  const problems = SERVICES.filter((name) => !(name in present)).map((name) => `service "${name}" is missing`);
  for (const name of Object.keys(present)) {
    if (!(SERVICES as readonly string[]).includes(name)) {
      problems.push(`service "${name}" is not part of the station (expected: ${SERVICES.join(', ')})`);
    }
  }
  return problems;
}

export function checkHealthchecks(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(services(compose))) {
    const health = record(service['healthcheck']);
    if (!health) {
      problems.push(`${name}: no healthcheck`);
      continue;
    }
    if (health['disable'] === true) problems.push(`${name}: healthcheck is disabled`);
    const test = health['test'];
    const ok =
      Array.isArray(test) &&
      ((test[0] === 'CMD' && test.length >= 2) || (test[0] === 'CMD-SHELL' && test.length === 2));
    if (!ok) {
      problems.push(
        `${name}: healthcheck.test must be ["CMD", ...] or ["CMD-SHELL", "..."], got ${JSON.stringify(test)}`,
      );
    }
    for (const key of ['interval', 'timeout', 'retries']) {
      if (health[key] === undefined) problems.push(`${name}: healthcheck has no ${key}`);
    }
  }
  return problems;
}

export function checkRestart(compose: Compose): string[] {
  return Object.entries(services(compose))
    .filter(([, service]) => service['restart'] !== 'unless-stopped')
    .map(([name, service]) => `${name}: restart is ${JSON.stringify(service['restart'])}, expected "unless-stopped"`);
}

export function checkPorts(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(services(compose))) {
    if (String(service['network_mode'] ?? '').startsWith('host')) {
      problems.push(`${name}: network_mode host would expose every port it listens on`);
    }
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

export function checkDependsOn(compose: Compose): string[] {
  const problems: string[] = [];
  const all = services(compose);
  const edges = new Map<string, string[]>();
  for (const [name, service] of Object.entries(all)) {
    const raw = service['depends_on'];
    if (raw === undefined) {
      edges.set(name, []);
      continue;
    }
    const map = record(raw);
    if (!map) {
      problems.push(
        `${name}: depends_on must be a map with condition: service_healthy (the list form only waits for a start)`,
      );
      edges.set(name, Array.isArray(raw) ? raw.map(String) : []);
      continue;
    }
    edges.set(name, Object.keys(map));
    for (const [dependency, options] of Object.entries(map)) {
      if (!(dependency in all)) problems.push(`${name}: depends on unknown service "${dependency}"`);
      const condition = record(options)?.['condition'];
      if (condition !== 'service_healthy') {
        problems.push(
          `${name}: depends_on.${dependency} has condition ${JSON.stringify(condition)}, expected service_healthy`,
        );
      }
    }
  }
  for (const [name, required] of Object.entries(DEPENDS_ON)) {
    for (const dependency of required ?? []) {
      if (name in all && !(edges.get(name) ?? []).includes(dependency)) {
        problems.push(`${name}: must wait for ${dependency} (depends_on ${dependency}: condition: service_healthy)`);
      }
    }
  }
  const cycle = findCycle(edges);
  if (cycle) problems.push(`depends_on cycle: ${cycle.join(' -> ')}`);
  return problems;
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

/** Secrets come from .env and stop compose when absent: `${NAME:?message}`. */
export function checkSecrets(compose: Compose): string[] {
  const problems: string[] = [];
  for (const secret of REQUIRED_SECRETS) {
    let used = false;
    for (const [name, service] of Object.entries(services(compose))) {
      const env = environment(service);
      if (!env.has(secret)) continue;
      used = true;
      const value = env.get(secret) ?? '';
      if (!new RegExp(`^\\$\\{${secret}:\\?[^}]+\\}$`).test(value)) {
        problems.push(
          `${name}: ${secret} must be "\${${secret}:?<message>}" so compose refuses to start without it, got ${JSON.stringify(value)}`,
        );
      }
    }
    if (!used) problems.push(`${secret} is passed to no service`);
  }
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

export function checkEnvironment(compose: Compose): string[] {
  const problems: string[] = [];
  const all = services(compose);
  for (const [name, service] of Object.entries(all)) {
    const env = environment(service);
    for (const required of SERVICE_ENV[name as ServiceName] ?? []) {
      if (!env.has(required)) problems.push(`${name}: environment lacks ${required}`);
    }
    // Least privilege: a secret goes only where the station's code reads it.
    for (const secret of REQUIRED_SECRETS) {
      if (env.has(secret) && !(SERVICE_ENV[name as ServiceName] ?? []).includes(secret)) {
        problems.push(`${name}: is given ${secret}, which it does not use`);
      }
    }
    for (const [key, value] of env) {
      const expected = CONTRACT_VALUES[key];
      if (expected !== undefined && value !== expected) {
        problems.push(`${name}: ${key} is ${JSON.stringify(value)}, the contract says ${JSON.stringify(expected)}`);
      }
      const host = HOST_VARS[key];
      if (host !== undefined && value !== host) {
        problems.push(`${name}: ${key} is ${JSON.stringify(value)}, expected the service name "${host}"`);
      }
    }
  }
  return problems;
}

export function checkVolumes(compose: Compose): string[] {
  const problems: string[] = [];
  const all = services(compose);
  const declared = Object.keys(record(compose['volumes']) ?? {});
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
    if (redis['image'] !== REDIS_IMAGE)
      problems.push(`redis: image is ${JSON.stringify(redis['image'])}, expected ${REDIS_IMAGE}`);
    const command = Array.isArray(redis['command'])
      ? redis['command'].map(String).join(' ')
      : String(redis['command'] ?? '');
    if (!/--appendonly\s+yes/.test(command)) problems.push('redis: command must turn AOF on (--appendonly yes)');
  }
  return problems;
}

/** Built services: the Dockerfile and context exist, Nest apps share one Dockerfile keyed by APP. */
export function checkBuilds(compose: Compose, files: RepoFiles): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(services(compose))) {
    if (name === 'redis') continue;
    const b = build(service);
    if (!b) {
      problems.push(`${name}: must be built from deploy/docker (build: is missing)`);
      continue;
    }
    if (!files.exists(b.context)) problems.push(`${name}: build context ${b.context} does not exist`);
    const file = dockerfilePath(service) ?? '';
    if (!files.exists(file)) problems.push(`${name}: build.dockerfile ${file} does not exist`);
    if ((NEST_APPS as readonly string[]).includes(name)) {
      if (file !== 'deploy/docker/node-app.Dockerfile') {
        problems.push(`${name}: Nest apps build from deploy/docker/node-app.Dockerfile, not ${file}`);
      }
      if (b.args['APP'] !== name)
        problems.push(`${name}: build.args.APP must be "${name}", got ${JSON.stringify(b.args['APP'])}`);
    }
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
    const test = record(service['healthcheck'])?.['test'];
    const [kind, program, script, pattern = ''] = Array.isArray(test) ? test.map(String) : [];
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

/** One Dockerfile on its own: bases, stages, downloads, user, apt pins, COPY sources. */
export function checkDockerfile(file: string, text: string, files: RepoFiles, context = '.'): string[] {
  const problems: string[] = [];
  const stages = parseDockerfile(text);
  if (stages.length === 0) return [`${file}: no FROM`];
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
    for (const { keyword, args, line } of stage.instructions) {
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
      if (keyword === 'COPY' || keyword === 'ADD') {
        const copy = parseCopy({ keyword, args, line });
        if (copy.from) continue;
        for (const source of copy.sources) {
          const repoPath = path.posix.normalize(path.posix.join(context, source));
          if (!/[*?[]/.test(source) && !files.exists(repoPath)) {
            problems.push(`${file}:${line}: COPY source ${repoPath} does not exist`);
          }
        }
      }
    }
  }
  const user = stages
    .at(-1)
    ?.instructions.filter((i) => i.keyword === 'USER')
    .at(-1)?.args;
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
      stage.instructions.filter((i) => i.keyword === 'RUN').flatMap((i) => aptInstalls(i.args)),
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

/** Container path each repo file is copied to by a Dockerfile. */
export function copiedFiles(stages: Stage[], context = '.'): Map<string, string> {
  const copied = new Map<string, string>();
  for (const { keyword, args, line } of stages.at(-1)?.instructions ?? []) {
    if (keyword !== 'COPY') continue;
    const copy = parseCopy({ keyword, args, line });
    if (copy.from) continue;
    const intoDir = copy.destination.endsWith('/') || copy.sources.length > 1;
    for (const source of copy.sources) {
      const target = intoDir ? path.posix.join(copy.destination, path.posix.basename(source)) : copy.destination;
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
    const available = new Set([...environment(service).keys(), ...envNames(stages.at(-1)?.instructions ?? [])]);
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

/** All checks at once (the mutation tests look for one specific problem in here). */
export function validate(compose: Compose, files: RepoFiles): string[] {
  return [
    ...checkServices(compose),
    ...checkHealthchecks(compose),
    ...checkRestart(compose),
    ...checkPorts(compose),
    ...checkDependsOn(compose),
    ...checkSecrets(compose),
    ...checkInterpolation(compose),
    ...checkEnvironment(compose),
    ...checkVolumes(compose),
    ...checkBuilds(compose, files),
    ...checkServicePings(compose, files),
    ...checkDockerfiles(compose, files),
    ...checkConfigFiles(compose, files),
    ...checkDockerignore(files),
    ...checkEnvExample(files),
  ];
}
