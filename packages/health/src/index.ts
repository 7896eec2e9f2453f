export { createHealthHandler } from './health-handler.js';
export type { HealthHandler } from './health-handler.js';
export type { CustomHealthHandler, HealthHandlerOptions } from './options.js';
