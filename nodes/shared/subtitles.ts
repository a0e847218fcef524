/**
 * The triggers' subtitles: n8n expressions the editor evaluates on the canvas (the action
 * node's is written out in Ovice.node.ts, as n8n's lint requires). A picked workspace shows by
 * the name a resource locator keeps as `cachedResultName` when chosen from the list (the ID otherwise).
 *
 * `$parameter.x` hands an expression only a locator's value; the parameters as saved, with
 * the name, come from `$parameter`'s JSON form (n8n-workflow's parameter proxy serialises to
 * the saved parameters), read once into `p`.
 */
const SAVED = 'JSON.parse(JSON.stringify($parameter))';
const nameOf = '(x => x ? (typeof x === "object" ? (x.cachedResultName || x.value) : x) : "")';

/** "Presence in Tokyo HQ" (or the workspace ID when it was typed in). */
export const presenceSubtitle = `={{ (p => "Presence in " + (p.workspaceId && typeof p.workspaceId === "object" && p.workspaceId.cachedResultName ? p.workspaceId.cachedResultName : "workspace " + ${nameOf}(p.workspaceId)))(${SAVED}) }}`;

/** The chosen events by their names in ovice ("Online, Knock"). */
export function eventsSubtitle(names: Record<string, string>): string {
	return `={{ ($parameter["events"] || []).map(event => (${JSON.stringify(names)})[event] || event).join(", ") }}`;
}
