/** The station's microservices: each is a room whose only door is its contract. */
export const SERVICE_NAMES = ['queue', 'downloader', 'livestream'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** One external dependency as a service sees it (an MPD, Liquidsoap telnet, a binary). */
export interface DependencyHealth {
  name: string;
  up: boolean;
  detail?: string;
}

export interface ServiceHealth {
  service: ServiceName;
  dependencies: DependencyHealth[];
}
