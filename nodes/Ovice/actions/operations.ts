/**
 * Every operation of the ovice node, by resource: what the router runs, what the node's
 * description offers, and what `npm run generate` writes the declarations' copies from.
 */
import type { INodePropertyOptions } from 'n8n-workflow';

import type { OviceOperation, ResourceName } from './operation';
import { operations as group } from './group/group.resource';
import { operations as organization } from './organization/organization.resource';
import { operations as workspace } from './workspace/workspace.resource';

export const RESOURCES = { workspace, organization, group } satisfies Record<
	ResourceName,
	Record<string, OviceOperation>
>;

/** Each resource as the editor names it. */
export const RESOURCE_NAMES: Record<ResourceName, string> = {
	workspace: 'Workspace',
	organization: 'Organization',
	group: 'Group',
};

/** The Resource selector's options, sorted by name as n8n's lint wants them. */
export const resourceOptions: INodePropertyOptions[] = Object.entries(RESOURCE_NAMES)
	.map(([value, name]) => ({ name, value }))
	.sort((a, b) => a.name.localeCompare(b.name));

/** Every operation, resource by resource (in RESOURCES' order), each by name. */
export function everyOperation(): OviceOperation[] {
	return Object.values(RESOURCES).flatMap((byValue) =>
		(Object.values(byValue) as OviceOperation[]).sort((a, b) => a.name.localeCompare(b.name)),
	);
}
