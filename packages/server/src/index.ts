export { StelarServer } from './stelar-server.js';
