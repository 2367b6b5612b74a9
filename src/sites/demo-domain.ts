/** The demo site a fresh install seeds (src/seed/start-demo.ts): never a default for real links. */
export const DEMO_DOMAIN = 'demo.penumbra.local';
