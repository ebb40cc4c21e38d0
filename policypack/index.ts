/**
 * The webexhub CrossGuard policy pack: the Webex role rules and the org's policy file applied to the
 * webexhub resources of any stack, without the Hub.
 *
 *     pulumi preview --policy-pack node_modules/pulumi-webexhub/policypack
 *
 * This is the pack's entry (policypack/package.json names its compiled form); the policies are in
 * policies.ts.
 */
import { PolicyPack, UnknownValueError } from "@pulumi/policy";
import { ORG_POLICY_ENGINE } from "./orgPolicyEngine";
import { policies } from "./policies";

new PolicyPack("webexhub", {
  description: "Webex Partner Hub and Control Hub admin roles: the webexhub rules and the org's policy file.",
  policies: policies({ orgPolicy: ORG_POLICY_ENGINE, isUnknown: (error) => error instanceof UnknownValueError }),
});
