export * from './lib/liquidsoap-telnet';
