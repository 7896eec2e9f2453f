export { createSelfSignedCertificate } from './self-signed-certificate.js';
export type { SelfSignedCertificate } from './self-signed-certificate.js';
export { waitUntil, within } from './waiting.js';
export { Activity } from './activity.js';
