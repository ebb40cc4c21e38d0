/**
 * The mock Hub for embedding in tests (`import { startMockHub } from "pulumi-webexhub/mockhub"`).
 * A module of its own so the public entry point stays put however the server is organised inside.
 */
export { startMockHub } from "./server";
export type { Evaluate, Faults, MockHub, MockHubOptions, MockHubStats, ProfileName } from "./server";
export { PROFILES } from "./server";
export { buildDemoState, demoCustomerOrgId, DEMO_MSP_ORG_ID, DEMO_PARTNER_ORG_ID, SEED_NAMES } from "./seed";
export type { SeedName } from "./seed";
export type { HubState } from "./state";
// The `webexhub mock-hub` command: the CLI runs the mock Hub through this entry like any user.
export { MOCK_HUB_USAGE, runMockHubCli } from "./cli";
