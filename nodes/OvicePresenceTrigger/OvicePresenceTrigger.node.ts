import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { DELIVERY } from '../shared/delivery';
import { workspaceLocator } from '../shared/descriptions';
import { CREDENTIAL_TYPE } from '../shared/endpoints';
import { getWorkspaces } from '../shared/listSearch/getWorkspaces';
import { presenceSubtitle } from '../shared/subtitles';
import { callOvice } from '../shared/transport';
import { details, diffPresence, matchesFilter, OFFLINE, PRESENCE_EVENTS, snapshot, userListProblem } from './presence';
import type { OviceUser, PresenceChange, PresenceDetails, PresenceState } from './presence';

/** What the trigger keeps between polls, in the workflow's static data. */
interface PollMemory {
	workspaceId?: string;
	workspaceName?: string;
	/** user ID → status at the last successful read */
	statuses?: PresenceState;
	/** name and email of users who are not offline, to describe them if they leave the list */
	details?: PresenceDetails;
	/** IDs of users matching the user filter at the last read, when a filter is set */
	watched?: string[];
}

function asUsers(value: unknown, context: IPollFunctions): OviceUser[] {
	const problem = userListProblem(value);
	if (problem) {
		throw new NodeOperationError(context.getNode(), `ovice sent a workspace user list this node cannot read: ${problem}`, {
			description:
				"Nothing was reported and the trigger's memory of who is where is unchanged, so the next good answer reports every change once. If this persists, check that the credential's Base URL points at the ovice API (https://api.ovice.com).",
		});
	}
	return value as OviceUser[];
}

async function workspaceName(context: IPollFunctions, workspaceId: string): Promise<string | undefined> {
	const workspaces = (await callOvice(context, DELIVERY.listWorkspaces)) as Array<{ id?: unknown; name?: unknown }>;
	const found = Array.isArray(workspaces) ? workspaces.find((workspace) => String(workspace.id) === workspaceId) : undefined;
	return typeof found?.name === 'string' ? found.name : undefined;
}

export class OvicePresenceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ovice Presence Trigger',
		name: 'ovicePresenceTrigger',
		icon: { light: 'file:../../icons/ovice.svg', dark: 'file:../../icons/ovice.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: presenceSubtitle,
		description:
			"Starts the workflow when someone's presence changes in an ovice workspace (comes online, goes offline, goes away…), found by polling",
		defaults: { name: 'ovice Presence Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName:
					'Each poll reads the workspace\'s users once and starts the workflow with one item per user whose status changed since the last poll. The first poll after activation only records who is where.',
				name: 'pollNotice',
				type: 'notice',
				default: '',
			},
			workspaceLocator({}),
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: PRESENCE_EVENTS.map(({ name, value, description }) => ({ name, value, description })),
				default: ['userOnline', 'userOffline', 'userStatusChanged'],
				description: 'The kinds of presence change that start the workflow',
			},
			{
				displayName: 'Only These Users',
				name: 'userFilter',
				type: 'string',
				default: '',
				placeholder: 'e.g. aiko@example.com, Ben Carter',
				description:
					'Comma-separated emails or display names. Leave empty to watch everyone in the workspace.',
			},
		],
	};

	methods = {
		listSearch: { getWorkspaces },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const workspaceId = String(this.getNodeParameter('workspaceId', undefined, { extractValue: true })).trim();
		const events = this.getNodeParameter('events', []) as string[];
		const filter = String(this.getNodeParameter('userFilter', '') ?? '');
		const memory = this.getWorkflowStaticData('node') as PollMemory;

		// One read per poll; if it fails, the error surfaces and the memory stays as it
		// was, so the changes are reported by the next successful poll instead.
		const users = asUsers(await callOvice(this, DELIVERY.listWorkspaceUsers, { workspaceId }), this);
		const observedAt = new Date().toISOString();

		if (this.getMode() === 'manual') {
			const sample = users.find((user) => user.status && user.status !== OFFLINE) ?? users[0];
			if (!sample) return null;
			const name = await workspaceName(this, workspaceId);
			return [
				this.helpers.returnJsonArray([
					{
						event: 'userOnline',
						user: sample as IDataObject,
						previousStatus: OFFLINE,
						status: typeof sample.status === 'string' ? sample.status : 'online',
						workspace: { id: Number(workspaceId), name: name ?? null },
						observedAt,
					},
				]),
			];
		}

		const watching = (user: OviceUser) => matchesFilter(user, filter);
		const isBaseline = memory.statuses === undefined || memory.workspaceId !== workspaceId;
		const changes: PresenceChange[] = isBaseline ? [] : diffPresence(memory.statuses ?? {}, users, memory.details ?? {});
		const watchedBefore = new Set(memory.watched ?? []);
		const wanted = changes.filter(
			(change) =>
				events.includes(change.event) &&
				(filter.trim() === ''
					? true
					: change.status === null
						? watchedBefore.has(String(change.user.id))
						: watching(change.user)),
		);

		// n8n saves a poll trigger's static data when the poll starts a workflow and when the
		// workflow is activated, not after a poll that returns nothing. So the memory moves
		// only at those points: what n8n has saved is always what the trigger last reported,
		// and after a restart the next poll reports every change since then, once.
		if (!isBaseline && !wanted.length) return null;
		if (isBaseline || !memory.workspaceName) memory.workspaceName = await workspaceName(this, workspaceId);
		memory.workspaceId = workspaceId;
		memory.statuses = snapshot(users);
		memory.details = details(users);
		if (filter.trim()) memory.watched = users.filter(watching).map((user) => String(user.id));
		else delete memory.watched;

		if (!wanted.length) return null;
		const workspace = { id: Number(workspaceId), name: memory.workspaceName ?? null };
		return [
			this.helpers.returnJsonArray(
				wanted.map((change) => ({
					event: change.event,
					user: change.user as IDataObject,
					previousStatus: change.previousStatus,
					status: change.status,
					workspace,
					observedAt,
				})),
			),
		];
	}
}
