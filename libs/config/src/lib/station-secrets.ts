/**
 * The station's secrets, by name: the operator sets them (compose requires each in `.env`) or the
 * native runner generates them once into the data dir. Never committed.
 */
export const STATION_SECRET_NAMES = [
  'ADMIN_API_TOKEN',
  'LIQUIDSOAP_TOKEN',
  'JWT_SECRET',
  'ICECAST_SOURCE_PASSWORD',
  'ICECAST_ADMIN_PASSWORD',
  'REDIS_PASSWORD',
] as const;
export type StationSecretName = (typeof STATION_SECRET_NAMES)[number];
