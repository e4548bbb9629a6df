// Moved to libs/testing (`@h4k/testing/station`) so benches share it; e2e specs keep this path.
export * from '@h4k/testing/station';
