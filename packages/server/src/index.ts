export { createVigil, type Vigil } from './vigil.ts';
export { loadConfig, type Config } from './config.ts';
export { createLogger } from './logger.ts';
export { seedDemo, demoStrategies, type DemoCredentials } from './demo/seed.ts';
export { demoEventTypes } from './demo/event-types.ts';
export { demoListIndex } from './demo/reference-data.ts';
export { runCli } from './cli.ts';
