export * from './registers.schema.js';
export * from './registers.events.js';
export { seesRegisterOf } from './registers.access.js';
export * from './review.js';
export * from './implementation.js';
