import { checkProfile } from './profile';
import { loadCompose, readCompose, repoFiles, withFiles } from './repo';
import {
  checkBuilds,
  checkConfigFiles,
  checkDependsOn,
  checkDockerfile,
  checkDockerfiles,
  checkDockerignore,
  checkEnvExample,
  checkGatewayBalancing,
  checkInterpolation,
  checkPorts,
  checkSecrets,
  checkServicePings,
  checkVolumes,
  type Compose,
  type Service,
  services,
  validate,
} from './rules';
import { checkSchema } from './schema';

const files = repoFiles();
const compose = loadCompose(files);

// Each check returns its problems as sentences, so a failure prints what is wrong and where.
describe('compose.yaml', () => {
  it.each<[string, () => string[]]>([
    ['is a valid file of the Compose Specification', () => checkSchema(readCompose(files))],
    [
      'meets the station profile: its services, restart, healthchecks, env contract, secrets, start order',
      () => checkProfile(compose),
    ],
    ['publishes only Caddy :80 and the harbor :8003', () => checkPorts(compose)],
    ['waits for its dependencies without a cycle', () => checkDependsOn(compose)],
    ['passes secrets only through environment:', () => checkSecrets(compose)],
    ['leaves no host variable to silently expand to an empty string', () => checkInterpolation(compose)],
    ['keeps Redis (AOF), the music and the MPD state on named volumes', () => checkVolumes(compose)],
    ['builds from Dockerfiles that exist', () => checkBuilds(compose, files)],
    [
      "probes each Redis-transport service with one of its own contract's patterns",
      () => checkServicePings(compose, files),
    ],
    [
      'builds from pinned bases, multi-stage for node code, with no curl|sh and an unprivileged user',
      () => checkDockerfiles(compose, files),
    ],
    [
      'ships every config file into the image that reads it, with its variables set',
      () => checkConfigFiles(compose, files),
    ],
    ['keeps node_modules, build output, data and .env out of the build context', () => checkDockerignore(files)],
    ['documents every required secret in deploy/docker/.env.example', () => checkEnvExample(files)],
    [
      'scales: no fixed name or host port on gateway and downloader, Caddy balancing the gateways it finds by DNS',
      () => [...checkProfile(compose), ...checkGatewayBalancing(files)],
    ],
  ])('%s', (_label, check) => {
    expect(check()).toEqual([]);
  });
});

// Stand-ins for the config files, so these cases do not depend on the real ones' progress.
const standIns: Record<string, string> = {
  'mpd/user.conf.tmpl': 'port "${MPD_USER_PORT}"\n',
  'mpd/fallback.conf.tmpl': 'port "${MPD_FALLBACK_PORT}"\n',
  'deploy/icecast/icecast.xml.tmpl': '<port>${ICECAST_PORT}</port>${ICECAST_CHANGEOWNER}\n',
  'liquidsoap/radio.liq':
    'hosts = [getenv("MPD_USER_HOST"), getenv("MPD_FALLBACK_HOST"), getenv("ICECAST_HOST"), getenv("GATEWAY_URL")]\n',
  'caddy/Caddyfile': [
    '{$PUBLIC_BIND_ADDRESS}:{$HTTP_PORT} {',
    '\treverse_proxy /api/* {$GATEWAY_HOST}:{$GATEWAY_PORT}',
    '\treverse_proxy /radio {$ICECAST_HOST}:{$ICECAST_PORT}',
    '\troot * {$ADMIN_DIST_DIR}',
    '}',
    '',
  ].join('\n'),
};
const standInFiles = withFiles(files, standIns);

type Mutation = (c: Compose & { services: Record<string, Service> }) => void;

function mutated(mutation: Mutation): Compose {
  const copy = structuredClone(compose);
  mutation(copy as Parameters<Mutation>[0]);
  return copy;
}

function svc(c: Compose, name: string): Service {
  const service = c.services?.[name];
  if (!service) throw new Error(`compose.yaml has no service ${name}`);
  return service;
}

function env(c: Compose, name: string): Record<string, unknown> {
  return svc(c, name).environment as Record<string, unknown>;
}

/** A service as plain YAML, to break what the types would not let a mutation break. */
function raw(c: Compose, name: string): Record<string, unknown> {
  return svc(c, name) as Record<string, unknown>;
}

describe('the validator catches a broken compose file', () => {
  const baseline = validate(compose, standInFiles);

  it.each<[string, Mutation, RegExp]>([
    [
      'a misspelled key (the schema)',
      (c) => {
        raw(c, 'queue')['healthchek'] = svc(c, 'queue').healthcheck;
        delete svc(c, 'queue').healthcheck;
      },
      /^compose\.yaml\.services\.queue: must NOT have additional properties \{"additionalProperty":"healthchek"\}$/,
    ],
    [
      'a value of the wrong type (the schema)',
      (c) => (raw(c, 'redis')['expose'] = '6379'),
      /^compose\.yaml\.services\.redis\.expose: must be array/,
    ],
    [
      'an unknown top-level key (the schema)',
      (c) => (c['service'] = {}),
      /^compose\.yaml \(top level\): must NOT have additional properties \{"additionalProperty":"service"\}$/,
    ],
    [
      'a service that is not part of the station',
      (c) => (c.services['mpd'] = svc(c, 'mpd-user')),
      /^compose\.yaml\.services: property name must be valid \{"propertyName":"mpd"\}$/,
    ],
    [
      'a dependency list (waits for a start only)',
      (c) => (svc(c, 'gateway').depends_on = ['redis']),
      /^compose\.yaml\.services\.gateway\.depends_on: must be object/,
    ],
    [
      'a secret given to a service that does not read it',
      (c) => (env(c, 'queue')['JWT_SECRET'] = '${JWT_SECRET:?set JWT_SECRET}'),
      /^compose\.yaml\.services\.queue\.environment\.JWT_SECRET: must NOT be valid \{\}, got "\$\{JWT_SECRET:\?set JWT_SECRET\}" \(a secret this service does not read\)$/,
    ],
    [
      'a secret in a command line',
      (c) =>
        (svc(c, 'redis').command = ['redis-server', '--appendonly', 'yes', '--requirepass', '${REDIS_PASSWORD:?x}']),
      /^compose\.services\.redis\.command\[4\]: REDIS_PASSWORD may only appear in environment:/,
    ],
    [
      'a Redis other than the tested one',
      (c) => (svc(c, 'redis').image = 'redis:latest'),
      /^compose\.yaml\.services\.redis\.image: must be equal to constant \{"allowedValue":"redis:7\.0"\}, got "redis:latest"/,
    ],
    [
      'a healthcheck without interval',
      (c) => delete svc(c, 'icecast').healthcheck?.interval,
      /^compose\.yaml\.services\.icecast\.healthcheck: must have required property 'interval'/,
    ],
    [
      'a fixed container name on a scaled service',
      (c) => (raw(c, 'downloader')['container_name'] = 'h4k-downloader'),
      /^compose\.yaml\.services\.downloader\.container_name: must NOT be valid/,
    ],
    [
      'a host port on a scaled service',
      (c) => (svc(c, 'gateway').ports = ['8383:8383']),
      /^compose\.yaml\.services\.gateway\.ports: must NOT be valid/,
    ],
    [
      'a gateway bound to the service name (a replica cannot listen on the address of another)',
      (c) => (env(c, 'gateway')['GATEWAY_HOST'] = 'gateway'),
      /^compose\.yaml\.services\.gateway\.environment\.GATEWAY_HOST: must be equal to constant \{"allowedValue":"0\.0\.0\.0"\}/,
    ],
    [
      'a missing service',
      (c) => delete c.services['icecast'],
      /^compose\.yaml\.services: must have required property 'icecast'/,
    ],
    [
      'a service without healthcheck',
      (c) => delete svc(c, 'queue').healthcheck,
      /^compose\.yaml\.services\.queue: must have required property 'healthcheck'/,
    ],
    ['a published Redis', (c) => (svc(c, 'redis').ports = ['6379:6379']), /^redis: publishes Redis port 6379/],
    [
      'a published telnet port',
      (c) => (svc(c, 'liquidsoap').ports = ['8003:8003', '127.0.0.1:1234:1234/tcp']),
      /^liquidsoap: publishes Liquidsoap telnet port 1234/,
    ],
    [
      'a harbor that is not published',
      (c) => delete svc(c, 'liquidsoap').ports,
      /^liquidsoap: must publish port 8003$/,
    ],
    [
      'a secret with a literal value',
      (c) => (env(c, 'gateway')['JWT_SECRET'] = 'changeme'),
      /^compose\.yaml\.services\.gateway\.environment\.JWT_SECRET: must match pattern .* so compose refuses to start without it\)$/,
    ],
    [
      'a secret with a default',
      (c) => (env(c, 'icecast')['ICECAST_ADMIN_PASSWORD'] = '${ICECAST_ADMIN_PASSWORD:-hackme}'),
      /^compose\.yaml\.services\.icecast\.environment\.ICECAST_ADMIN_PASSWORD: must match pattern/,
    ],
    [
      'a missing env name',
      (c) => delete env(c, 'gateway')['REDIS_HOST'],
      /^compose\.yaml\.services\.gateway\.environment: must have required property 'REDIS_HOST'/,
    ],
    [
      'a host pointing at loopback',
      (c) => (env(c, 'queue')['MPD_USER_HOST'] = '127.0.0.1'),
      /^compose\.yaml\.services\.queue\.environment\.MPD_USER_HOST: must be equal to constant \{"allowedValue":"mpd-user"\}, got "127\.0\.0\.1" \(the service name, not an address\)$/,
    ],
    [
      'a port off the contract',
      (c) => (env(c, 'liquidsoap')['HARBOR_PORT'] = '8005'),
      /^compose\.yaml\.services\.liquidsoap\.environment\.HARBOR_PORT: must be equal to constant \{"allowedValue":"8003"\}/,
    ],
    [
      'a dependency that only waits for a start',
      (c) =>
        (svc(c, 'queue').depends_on = {
          redis: { condition: 'service_started' },
          'mpd-user': { condition: 'service_healthy' },
          'mpd-fallback': { condition: 'service_healthy' },
        }),
      /^compose\.yaml\.services\.queue\.depends_on\.redis\.condition: must be equal to constant \{"allowedValue":"service_healthy"\}/,
    ],
    [
      'a dependency cycle',
      (c) =>
        (svc(c, 'redis').depends_on = {
          livestream: { condition: 'service_healthy' },
        }),
      /^depends_on cycle: /,
    ],
    [
      'a container variable left to host interpolation',
      (c) =>
        (svc(c, 'mpd-user').healthcheck = {
          ...svc(c, 'mpd-user').healthcheck,
          test: ['CMD', 'bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/${MPD_USER_PORT}'],
        }),
      /^compose\.services\.mpd-user\.healthcheck\.test\[3\]: "\$\{MPD_USER_PORT\}" is filled in from the host/,
    ],
    [
      'a healthcheck pinging a pattern no contract defines',
      (c) =>
        (svc(c, 'downloader').healthcheck = {
          ...svc(c, 'downloader').healthcheck,
          test: ['CMD', 'node', 'service-ping.cjs', 'downloader.pong'],
        }),
      /^downloader: healthcheck pings downloader.pong, which no contract in libs\/contracts\/src defines$/,
    ],
    [
      'a restart policy of always',
      (c) => (svc(c, 'caddy').restart = 'always'),
      /^compose\.yaml\.services\.caddy\.restart: must be equal to constant \{"allowedValue":"unless-stopped"\}/,
    ],
    ['Redis without AOF', (c) => (svc(c, 'redis').command = ['redis-server']), /^redis: command must turn AOF on/],
    [
      'a read-only library for the queue',
      (c) => (svc(c, 'queue').volumes = ['music-user:/data/music/user:ro', 'music-fallback:/data/music/fallback']),
      /^queue: needs music-user writable/,
    ],
    [
      'a Dockerfile that is not there',
      (c) => (svc(c, 'icecast').build = { context: '.', dockerfile: 'deploy/docker/icecast2.Dockerfile' }),
      /^icecast: build.dockerfile deploy\/docker\/icecast2.Dockerfile does not exist$/,
    ],
    [
      'a Nest app built for another app',
      (c) =>
        (svc(c, 'queue').build = {
          context: '.',
          dockerfile: 'deploy/docker/node-app.Dockerfile',
          args: { APP: 'gateway' },
        }),
      /^compose\.yaml\.services\.queue\.build\.args\.APP: must be equal to constant \{"allowedValue":"queue"\}/,
    ],
  ])('%s', (_label, mutation, expected) => {
    expect(baseline.filter((p) => expected.test(p))).toEqual([]);
    const problems = validate(mutated(mutation), standInFiles);
    expect(problems.filter((p) => expected.test(p))).toHaveLength(1);
  });
});

describe('the validator catches a broken Dockerfile or config file', () => {
  const good = files.read('deploy/docker/node-app.Dockerfile');

  it.each<[string, string, RegExp]>([
    [
      'a misspelled instruction (dockerfile-utils)',
      good.replace('WORKDIR /app', 'WORKDIRR /app'),
      /^deploy\/docker\/node-app.Dockerfile:\d+: Unknown instruction: WORKDIRR$/,
    ],
    [
      'a misspelled flag (dockerfile-utils)',
      good.replace('COPY --from=build', 'COPY --fromm=build'),
      /^deploy\/docker\/node-app.Dockerfile:\d+: Unknown flag: fromm$/,
    ],
    [
      'a single-stage node build',
      'FROM node:20-bookworm-slim\nCOPY . .\nRUN npm ci && npx nx build gateway\nUSER node\n',
      /builds node code in a single stage/,
    ],
    [
      'an unpinned base',
      good.replace('FROM node:20-bookworm-slim AS runtime', 'FROM node:latest AS runtime'),
      /FROM node:latest is not a pinned base/,
    ],
    [
      'a curl | sh install',
      `${good}\nRUN curl -fsSL https://example.invalid/install.sh | sh\n`,
      /downloads a script and runs it/,
    ],
    [
      'a wget | bash install',
      `${good}\nRUN wget -qO- https://example.invalid/x | sudo bash -s\n`,
      /downloads a script and runs it/,
    ],
    [
      'an unpinned media package',
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n    liquidsoap\nUSER liquidsoap\n',
      /apt installs liquidsoap; pin it/,
    ],
    ['a final stage running as root', good.replace('USER node', 'USER root'), /final stage runs as root/],
    [
      'a COPY of a missing file',
      good.replace('deploy/docker/service-ping.cjs', 'deploy/docker/nope.cjs'),
      /COPY source deploy\/docker\/nope.cjs does not exist/,
    ],
  ])('%s', (_label, dockerfile, expected) => {
    expect(checkDockerfile('deploy/docker/node-app.Dockerfile', good, files).filter((p) => expected.test(p))).toEqual(
      [],
    );
    const problems = checkDockerfile('deploy/docker/node-app.Dockerfile', dockerfile, files);
    expect(problems.filter((p) => expected.test(p)).length).toBeGreaterThan(0);
  });

  it.each<[string, Record<string, string | null>, RegExp]>([
    [
      'a template reading an unset variable',
      { 'mpd/user.conf.tmpl': 'port "${MPD_PORT}"\n' },
      /^mpd-user: mpd\/user.conf.tmpl reads MPD_PORT, which the service's environment does not set$/,
    ],
    [
      'a placeholder envsubst leaves behind',
      { 'mpd/fallback.conf.tmpl': 'encoder @@ENCODER@@\n' },
      /^mpd\/fallback.conf.tmpl: placeholder @@ENCODER@@ is not \$\{NAME\}/,
    ],
    [
      'a config that hard-codes loopback',
      {
        'caddy/Caddyfile': '# proxies to the gateway\n:{$HTTP_PORT} {\n\treverse_proxy 127.0.0.1:{$GATEWAY_PORT}\n}\n',
      },
      /^caddy\/Caddyfile: hard-codes 127\.0\.0\.1;/,
    ],
    [
      'a telnet server bound to loopback only',
      {
        'liquidsoap/radio.liq':
          'settings.server.telnet.set(true)\nsettings.server.telnet.port.set(int_of_string(getenv("LIQUIDSOAP_TELNET_PORT")))\n',
      },
      /^liquidsoap\/radio.liq: the telnet server listens on 127.0.0.1 only/,
    ],
    [
      'a telnet server bound to loopback explicitly',
      {
        'liquidsoap/radio.liq': 'settings.server.telnet.set(true)\nsettings.server.telnet.bind_addr.set("127.0.0.1")\n',
      },
      /^liquidsoap\/radio.liq: the telnet server listens on 127.0.0.1 only/,
    ],
    [
      'Liquidsoap reaching both MPDs through one bind address',
      {
        'liquidsoap/radio.liq': 'mpd = getenv("MPD_BIND")\nhosts = [getenv("ICECAST_HOST"), getenv("GATEWAY_URL")]\n',
      },
      /^liquidsoap\/radio.liq never reads MPD_USER_HOST: /,
    ],
    [
      'a Caddy default that is loopback',
      {
        'caddy/Caddyfile':
          ':{$HTTP_PORT} {\n\treverse_proxy {$GATEWAY_HOST}:{$GATEWAY_PORT}\n\treverse_proxy 127.0.0.1:{$ICECAST_PORT}\n}\n',
      },
      /^caddy\/Caddyfile never reads ICECAST_HOST: /,
    ],
    [
      'Liquidsoap 2.2 syntax',
      { 'liquidsoap/radio.liq': 'p = environment.get("HARBOR_PORT")\n' },
      /environment.get does not exist in Liquidsoap 2.1.3/,
    ],
    [
      'a Caddyfile placeholder the service lacks',
      {
        'caddy/Caddyfile': ':{$HTTP_PORT} {\n\treverse_proxy {$API_UPSTREAM}\n}\n',
      },
      /^caddy: caddy\/Caddyfile reads API_UPSTREAM/,
    ],
    [
      'a missing config file',
      { 'deploy/icecast/icecast.xml.tmpl': null },
      /^deploy\/icecast\/icecast.xml.tmpl \(read by icecast\) does not exist$/,
    ],
    [
      'a .dockerignore that lets .env in',
      { '.dockerignore': 'node_modules\ndist\ndata\n.nx\n.angular\ntmp\n' },
      /^.dockerignore does not exclude .env$/,
    ],
    [
      'an .env.example without a secret',
      { 'deploy/docker/.env.example': 'ADMIN_API_TOKEN=\n' },
      /^deploy\/docker\/.env.example does not list JWT_SECRET=$/,
    ],
  ])('%s', (_label, changes, expected) => {
    expect(validate(compose, standInFiles).filter((p) => expected.test(p))).toEqual([]);
    const problems = validate(compose, withFiles(standInFiles, changes));
    expect(problems.filter((p) => expected.test(p))).toHaveLength(1);
  });
});

describe('the validator accepts configs that take their addresses from the environment', () => {
  it('with loopback defaults for a native run', () => {
    const configs = {
      'caddy/Caddyfile': [
        'http://:{$HTTP_PORT} {',
        '\tbind {$PUBLIC_BIND_ADDRESS}',
        '\treverse_proxy /api/* {$GATEWAY_HOST:127.0.0.1}:{$GATEWAY_PORT}',
        '\treverse_proxy /radio {$ICECAST_HOST:127.0.0.1}:{$ICECAST_PORT}',
        '\troot * {$ADMIN_DIST_DIR}',
        '}',
        '',
      ].join('\n'),
      'liquidsoap/radio.liq': [
        'def environment.get(~default="", name) =',
        '  v = getenv(name)',
        '  if v == "" then default else v end',
        'end',
        'settings.server.telnet.set(true)',
        'settings.server.telnet.bind_addr.set(environment.get("LIQUIDSOAP_TELNET_BIND", default="127.0.0.1"))',
        'user_host = environment.get("MPD_USER_HOST", default="127.0.0.1")',
        'fallback_host = environment.get("MPD_FALLBACK_HOST", default="127.0.0.1")',
        'icecast_host = environment.get("ICECAST_HOST", default="127.0.0.1")',
        'gateway_url = environment.get("GATEWAY_URL", default="http://127.0.0.1:8383")',
        '',
      ].join('\n'),
    };
    const problems = checkConfigFiles(compose, withFiles(standInFiles, configs));
    expect(problems.filter((p) => Object.keys(configs).some((file) => p.includes(file)))).toEqual([]);
  });
});

describe('services()', () => {
  it('reads the merged (<<: *anchor) environment of each service', () => {
    const gateway = services(compose)['gateway'];
    expect(gateway?.environment).toMatchObject({
      REDIS_HOST: 'redis',
      GATEWAY_PORT: '8383',
    });
  });
});

describe('checkGatewayBalancing', () => {
  it('refuses a fixed gateway upstream, and a Caddyfile that does not look the gateways up', () => {
    const fixed = withFiles(files, {
      'caddy/Caddyfile': ':80 {\n\treverse_proxy /api/* {$GATEWAY_HOST:127.0.0.1}:{$GATEWAY_PORT}\n}\n',
    });
    expect(checkGatewayBalancing(fixed)).toEqual([
      'caddy/Caddyfile:2: the gateway as a fixed upstream reaches one replica; import the DNS-found gateways',
      'caddy/Caddyfile does not find the gateways by DNS (dynamic a {$GATEWAY_HOST} {$GATEWAY_PORT})',
    ]);
  });
});
