export * from './lib/address-class';
export * from './lib/url-safety';
export * from './lib/egress-decision';
