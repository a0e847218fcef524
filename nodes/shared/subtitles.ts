import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * Subtitles are n8n expressions the editor evaluates on the canvas. These read like n8n's
 * own: the operation's action text ("Send a notification to a workspace") and the name of
 * the picked workspace or group, which a resource locator keeps as `cachedResultName` when
 * chosen from the list (the ID otherwise).
 *
 * `$parameter.x` hands an expression only a locator's value; the parameters as saved, with
 * the name, come from `$parameter`'s JSON form (n8n-workflow's parameter proxy serialises to
 * the saved parameters), read once into `p`.
 */
const SAVED = 'JSON.parse(JSON.stringify($parameter))';
const nameOf = '(x => x ? (typeof x === "object" ? (x.cachedResultName || x.value) : x) : "")';

/**
 * The action node's subtitle, from the operation selectors' action texts. n8n's lint wants
 * the subtitle written out in the node's description, so Ovice.node.ts holds it as text and
 * a test checks that text against this.
 */
export function actionSubtitle(selectors: INodeProperties[]): string {
	const actions: Record<string, string> = {};
	for (const selector of selectors) {
		const resource = (selector.displayOptions?.show?.resource as string[])[0];
		for (const option of selector.options as INodePropertyOptions[]) actions[`${resource}:${String(option.value)}`] = option.action ?? option.name;
	}
	const picked = `${nameOf}(p.operation === "getAll" ? undefined : p.resource === "group" ? p.groupId : p.resource === "workspace" ? p.workspaceId : undefined)`;
	const text = `(${JSON.stringify(actions)})[p.resource + ":" + p.operation]`;
	return `={{ (p => (name => ${text} + (name ? " · " + name : ""))(${picked}))(${SAVED}) }}`;
}

/** "Presence in Tokyo HQ" (or the workspace ID when it was typed in). */
export const presenceSubtitle = `={{ (p => "Presence in " + (p.workspaceId && typeof p.workspaceId === "object" && p.workspaceId.cachedResultName ? p.workspaceId.cachedResultName : "workspace " + ${nameOf}(p.workspaceId)))(${SAVED}) }}`;

/** The chosen events by their names in ovice ("Online, Knock"). */
export function eventsSubtitle(names: Record<string, string>): string {
	return `={{ ($parameter["events"] || []).map(event => (${JSON.stringify(names)})[event] || event).join(", ") }}`;
}
