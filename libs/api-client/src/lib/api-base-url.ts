import { EnvironmentProviders, inject, InjectionToken, makeEnvironmentProviders } from '@angular/core';

import { ApiConfiguration } from '../generated/api-configuration';

/**
 * Base URL of the h4kstream HTTP API as seen from the browser.
 *
 * In every deployment Caddy serves the panel and proxies `/api/*` (prefix
 * stripped) to the NestJS gateway, so the default is the same-origin `/api`.
 */
export const API_BASE_URL = new InjectionToken<string>('H4K_API_BASE_URL', {
  providedIn: 'root',
  factory: () => '/api',
});

/**
 * Provides {@link API_BASE_URL} and wires it into the generated client's
 * {@link ApiConfiguration} (`rootUrl`), so every generated service calls
 * `${baseUrl}/<path>`.
 */
export function provideApiClient(baseUrl = '/api'): EnvironmentProviders {
  return makeEnvironmentProviders([
    { provide: API_BASE_URL, useValue: baseUrl.replace(/\/+$/, '') },
    {
      provide: ApiConfiguration,
      useFactory: (): ApiConfiguration => {
        const config = new ApiConfiguration();
        config.rootUrl = inject(API_BASE_URL);
        return config;
      },
    },
  ]);
}
