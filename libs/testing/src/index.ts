export * from './lib/processes';
export * from './lib/media';
export * from './lib/tone-monitor';
export * from './lib/pcm-windows';
export * from './lib/dead-air';
export * from './lib/prometheus-text';
export * from './lib/goertzel';
export * from './lib/sse';
