// Test helpers of the read side for other libraries' and cross-app tests (`#projections/testing`).
export * from './draft-events.js';
export * from './read-model-digest.js';
