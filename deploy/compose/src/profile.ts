/**
 * The station's fixed facts about compose.yaml (station.ts) as a JSON schema, checked by ajv
 * on a file the Compose Specification accepted: which services, their restart policy and
 * healthchecks, the env contract and its secrets, what each waits for, which image or build.
 * Each rule's description says why; rules.ts keeps what a schema cannot say.
 */
import Ajv from 'ajv';

import { schemaProblems } from './schema';
import {
  BIND_VARS,
  CONTRACT_VALUES,
  DEPENDS_ON,
  HOST_VARS,
  NEST_APPS,
  REDIS_IMAGE,
  REQUIRED_SECRETS,
  SCALED,
  SERVICE_ENV,
  type ServiceName,
  SERVICES,
} from './station';

const is = (value: string, description: string) => ({ const: value, description });

function environment(name: ServiceName) {
  const values = [
    ...Object.entries(CONTRACT_VALUES).map(([key, value]) => [key, is(value, "the env contract's value")]),
    ...Object.entries(HOST_VARS).map(([key, host]) => [key, is(host, 'the service name, not an address')]),
    ...Object.entries(BIND_VARS[name] ?? {}).map(([key, bind]) => [
      key,
      is(bind, 'its own bind address: a replica cannot listen on the address of another'),
    ]),
    ...REQUIRED_SECRETS.map((secret) => [
      secret,
      SERVICE_ENV[name].includes(secret)
        ? {
            type: 'string',
            pattern: `^\\$\\{${secret}:\\?[^}]+\\}$`,
            description: `\${${secret}:?<message>}, so compose refuses to start without it`,
          }
        : { not: {}, description: 'a secret this service does not read' },
    ]),
  ];
  return {
    type: 'object',
    required: [...SERVICE_ENV[name]],
    properties: Object.fromEntries(values),
    description: 'a map with what the service reads (libs/config)',
  };
}

const healthcheck = {
  type: 'object',
  required: ['test', 'interval', 'timeout', 'retries'],
  properties: {
    disable: { not: { enum: [true, 'true'] }, description: 'a disabled healthcheck never turns healthy' },
    test: {
      type: 'array',
      minItems: 2,
      items: [{ enum: ['CMD', 'CMD-SHELL'], description: '["CMD", ...] or ["CMD-SHELL", "..."]' }],
      if: { items: [{ const: 'CMD-SHELL' }] },
      then: { maxItems: 2, description: 'CMD-SHELL takes one shell line' },
      description: '["CMD", ...] or ["CMD-SHELL", "..."]',
    },
  },
  description: 'what depends_on: service_healthy waits for',
};

function service(name: ServiceName) {
  const waitsFor = DEPENDS_ON[name] ?? [];
  const nest = (NEST_APPS as readonly string[]).includes(name);
  return {
    type: 'object',
    required: [
      'restart',
      'healthcheck',
      'environment',
      name === 'redis' ? 'image' : 'build',
      ...(waitsFor.length > 0 ? ['depends_on'] : []),
    ],
    properties: {
      restart: is('unless-stopped', 'back after a crash or a reboot, down while stopped'),
      network_mode: { not: { pattern: '^host' }, description: 'host networking would publish every port' },
      healthcheck,
      environment: environment(name),
      depends_on: {
        type: 'object',
        required: [...waitsFor],
        propertyNames: { enum: [...SERVICES] },
        additionalProperties: { properties: { condition: is('service_healthy', 'a start is not being ready') } },
        description: 'a map of condition: service_healthy (the list form only waits for a start)',
      },
      ...(name === 'redis' && { image: is(REDIS_IMAGE, 'the Redis tested here') }),
      ...(SCALED.includes(name) && {
        container_name: { not: {}, description: 'no fixed container name: --scale starts several containers' },
        ports: { not: {}, description: 'no host port: --scale would publish it once per replica' },
      }),
      ...(nest && {
        build: {
          type: 'object',
          required: ['context', 'dockerfile', 'args'],
          properties: {
            context: is('.', 'the Dockerfile copies from the repo root'),
            dockerfile: is('deploy/docker/node-app.Dockerfile', 'one Dockerfile for the four Nest apps'),
            args: {
              type: 'object',
              required: ['APP'],
              properties: { APP: is(name, 'the app the image bundles') },
            },
          },
        },
      }),
    },
  };
}

const profile = {
  type: 'object',
  required: ['services'],
  properties: {
    services: {
      type: 'object',
      required: [...SERVICES],
      propertyNames: { enum: [...SERVICES], description: 'not a service of the station' },
      properties: Object.fromEntries(SERVICES.map((name) => [name, service(name)])),
    },
  },
};

// verbose: each error carries its rule, whose description is the reason printed with it.
const meetsProfile = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, verbose: true }).compile(profile);

export function checkProfile(compose: unknown): string[] {
  return schemaProblems(meetsProfile, compose);
}
