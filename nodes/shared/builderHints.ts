import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

/**
 * Hints for n8n's AI Workflow Builder, in the shape n8n 2.41 reads (`builderHint.searchHint`
 * and `relatedNodes` on a node, `builderHint.propertyHint` on a parameter or an option). The
 * n8n-workflow 2.11 types the package compiles against predate those names, hence the
 * conversions here; n8n versions that do not know a hint ignore it.
 */
interface RelatedNode {
	nodeType: string;
	relationHint: string;
}

export function nodeHint(hint: {
	searchHint: string;
	relatedNodes: RelatedNode[];
}): INodeTypeDescription['builderHint'] {
	return hint;
}

export function propertyHint(text: string): INodeProperties['builderHint'] {
	return { propertyHint: text } as unknown as INodeProperties['builderHint'];
}

/** Nodes an ovice workflow is usually built with, and why. */
export const RELATED = {
	schedule: {
		nodeType: 'n8n-nodes-base.scheduleTrigger',
		relationHint: 'Sends a notification at set times, such as a daily reminder',
	},
	calendar: {
		nodeType: 'n8n-nodes-base.googleCalendarTrigger',
		relationHint: 'Notifies a workspace or group when a calendar event starts',
	},
	slack: {
		nodeType: 'n8n-nodes-base.slack',
		relationHint: 'Passes messages between Slack channels and ovice',
	},
	agent: {
		nodeType: '@n8n/n8n-nodes-langchain.agent',
		relationHint: 'Uses the ovice node as a tool to look people up and notify them',
	},
	action: {
		nodeType: 'n8n-nodes-ovice.ovice',
		relationHint: 'Notifies a group or workspace, or lists who is in a workspace',
	},
} satisfies Record<string, RelatedNode>;
