/**
 * The mock Hub for embedding in tests (`import { startMockHub } from "pulumi-webexhub/mockhub"`).
 * A module of its own so the public entry point stays put however the server is organised inside.
 */
export { startMockHub } from "./server";
export type { Evaluate, Faults, MockHub, MockHubOptions, MockHubStats, ProfileName } from "./server";
export { PROFILES } from "./server";
export { SEED_NAMES } from "./seed";
export type { SeedName } from "./seed";
