/**
 * Admin audit events: `GET /adminAudit/events` (orgId, from and to required; `from` inclusive, `to`
 * exclusive; oldest first) and `GET /adminAudit/eventCategories`.
 */
import { EVENT_CATEGORIES, type HubServices } from "../services";
import { badRequest, type RouteFn } from "../pipeline";

/** Webex returns at most 200 events a page. */
const MAX_EVENTS = 200;

export function registerAudit(route: RouteFn, hub: HubServices): void {
  route("GET", "/v1/adminAudit/events", (call) => {
    const state = hub.state;
    const missing = ["orgId", "from", "to"].filter((name) => (call.query.get(name) ?? "") === "");
    if (missing.length > 0) throw badRequest(missing.map((name) => `${name}: is required`));
    const org = hub.findOrg(state, hub.requiredQuery(call, "orgId"));
    hub.requireReader(state, call.actor, org.id);
    const from = hub.isoQuery(call, "from") ?? 0;
    const to = hub.isoQuery(call, "to") ?? 0;
    const actorId = call.query.get("actorId");
    const categories = call.query
      .get("eventCategories")
      ?.split(",")
      .filter((c) => c !== "");
    const offsetText = call.query.get("offset");
    if (offsetText !== null && !/^\d+$/.test(offsetText))
      throw badRequest([`offset: must be a whole number, got "${offsetText}"`]);
    const events = state.audit
      .filter(({ orgId, event }) => {
        const at = Date.parse(event.created);
        return (
          orgId === org.id &&
          at >= from &&
          at < to &&
          (actorId === null || event.actorId === actorId) &&
          (categories === undefined || categories.includes(event.data.eventCategory ?? ""))
        );
      })
      .slice(Number(offsetText ?? 0))
      .map(({ event }) => event);
    return hub.page(call, events, MAX_EVENTS);
  });

  route("GET", "/v1/adminAudit/eventCategories", () => ({
    status: 200,
    body: { eventCategories: [...EVENT_CATEGORIES] },
  }));
}
