// Public surface of @h4k/api-client.
//
// Everything under ./generated is written by ng-openapi-gen from
// apps/gateway/openapi.json (`nx run api-client:generate`): services
// (NowPlayingService, HealthService, ...), standalone functions, models and
// ApiConfiguration. Re-exported wholesale so that new gateway endpoints show
// up here after a regeneration without touching this file.
import type { NowPlaying } from './generated';

export * from './generated';
export { API_BASE_URL, provideApiClient } from './lib/api-base-url';
export { type ApiErrorBody, isApiErrorBody } from './lib/api-error';

/** On-air tier, highest priority first: live DJ > listener queue > fallback playlist > noise. */
export type Tier = NowPlaying['tier'];
