import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { OVICE_API_CREDENTIAL } from '../shared/credentialNames';
import { nodeHint, RELATED } from '../shared/builderHints';
import { workspaceLocator } from '../shared/descriptions';
import { readLocator } from '../shared/locator';
import { getWorkspaces } from '../shared/methods/getWorkspaces';
import { presenceSubtitle } from '../shared/subtitles';
import { callOvice } from '../shared/transport';
import {
	details,
	diffPresence,
	matchesFilter,
	OFFLINE,
	PRESENCE_EVENTS,
	snapshot,
	userListProblem,
} from './presence';
import type { OviceUser, PresenceChange, PresenceDetails, PresenceState } from './presence';

/** What the trigger keeps between polls, in the workflow's static data. */
interface PollMemory {
	workspaceId?: string;
	workspaceName?: string;
	/** user ID → status at the last reported read */
	statuses?: PresenceState;
	/** name and email of users who are not offline, to describe them if they leave the list */
	details?: PresenceDetails;
}

/** What this process saw at the last read, reported or not. */
interface SeenInProcess {
	workspaceId: string;
	statuses: PresenceState;
	details: PresenceDetails;
	/** the last read was an empty list where users had been listed, not yet believed */
	emptyOnce?: boolean;
}

/**
 * The last read of each active trigger in this process, keyed by its static data object
 * (one per activated workflow; a restart or a new activation makes a new one, and the
 * entry goes with the old). n8n saves static data only when a poll emits, so a change
 * that is not reported moves only this memory: a selected change that follows an
 * unselected one is still seen. After a restart the static data, the last report, is used.
 */
const seenInProcess = new WeakMap<object, SeenInProcess>();

function asUsers(value: unknown, context: IPollFunctions): OviceUser[] {
	const problem = userListProblem(value);
	if (problem) {
		throw new NodeOperationError(
			context.getNode(),
			`ovice sent a workspace user list this node cannot read: ${problem}`,
			{
				description:
					"Nothing was reported and the trigger's memory of who is where is unchanged, so the next good answer reports every change once. If this persists, check that the credential's Base URL points at the ovice API (https://api.ovice.com).",
			},
		);
	}
	return value as OviceUser[];
}

async function workspaceName(
	context: IPollFunctions,
	workspaceId: string,
): Promise<string | undefined> {
	const workspaces = (await callOvice(context, 'listWorkspaces')) as Array<{
		id?: unknown;
		name?: unknown;
	}>;
	const found = Array.isArray(workspaces)
		? workspaces.find((workspace) => String(workspace.id) === workspaceId)
		: undefined;
	return typeof found?.name === 'string' ? found.name : undefined;
}

export class OvicePresenceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ovice Presence Trigger',
		name: 'ovicePresenceTrigger',
		// Used as it is by n8n's editor (a codex link gets n8n's query after the #section).
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-ovice#ovice-presence-trigger',
		icon: { light: 'file:../../icons/ovice.svg', dark: 'file:../../icons/ovice.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: presenceSubtitle,
		description:
			"Starts the workflow when someone's presence changes in an ovice workspace (comes online, goes offline, goes away…), found by polling",
		defaults: { name: 'ovice Presence Trigger' },
		builderHint: nodeHint({
			searchHint:
				"Starts a workflow when someone's presence changes in one ovice workspace (comes online, goes offline, goes away…), found by polling the workspace's users at the poll interval, with no set-up in ovice. Each change is one item with the user and the old and new status. For ovice's own events (knock, chat, room entry), use the ovice Webhook Trigger.",
			relatedNodes: [RELATED.action, RELATED.slack, RELATED.calendar],
		}),
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: OVICE_API_CREDENTIAL, required: true }],
		properties: [
			{
				displayName:
					'One item per user whose status changed since the last poll. The first poll after publishing (or activating, n8n 1.x) only records who is where.',
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
				options: PRESENCE_EVENTS.map(({ name, value, description }) => ({
					name,
					value,
					description,
				})),
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
		const workspaceId = String(readLocator(this.getNodeParameter('workspaceId')).id).trim();
		const events = this.getNodeParameter('events', []) as string[];
		const filter = String(this.getNodeParameter('userFilter', '') ?? '');
		const memory = this.getWorkflowStaticData('node') as PollMemory;

		// One read per poll; if it fails, the error surfaces and the memory stays as it
		// was, so the changes are reported by the next successful poll instead.
		const users = asUsers(await callOvice(this, 'listWorkspaceUsers', { workspaceId }), this);
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

		const seen = seenInProcess.get(memory);
		const last =
			seen?.workspaceId === workspaceId
				? seen
				: memory.workspaceId === workspaceId && memory.statuses
					? memory
					: undefined;
		const isBaseline = last === undefined;
		const listedBefore = Object.keys(last?.statuses ?? {}).length;
		if (!isBaseline && users.length === 0 && listedBefore > 0 && !seen?.emptyOnce) {
			// A workspace does not lose every user at once: believe an empty list only when
			// the next poll sends it again.
			seenInProcess.set(memory, {
				workspaceId,
				statuses: last.statuses ?? {},
				details: last.details ?? {},
				emptyOnce: true,
			});
			throw new NodeOperationError(
				this.getNode(),
				`ovice listed no users in workspace ${workspaceId}, where the last read listed ${listedBefore}`,
				{
					description:
						'Nothing was reported and the trigger remembers who was where. If the next poll gets an empty list again, every user still listed before is reported as gone, once.',
				},
			);
		}
		const changes: PresenceChange[] = isBaseline
			? []
			: diffPresence(last.statuses ?? {}, users, last.details ?? {});
		const wanted = changes.filter(
			(change) => events.includes(change.event) && matchesFilter(change.user, filter),
		);
		const read: SeenInProcess = { workspaceId, statuses: snapshot(users), details: details(users) };

		// n8n saves a poll trigger's static data when the poll starts a workflow and when the
		// workflow is activated, not after a poll that returns nothing: what it holds is the
		// last report, and after a restart the next poll reports every change since then.
		// Either memory moves only once nothing more can fail in this poll.
		if (!isBaseline && !wanted.length) {
			seenInProcess.set(memory, read);
			return null;
		}
		if (isBaseline || !memory.workspaceName)
			memory.workspaceName = await workspaceName(this, workspaceId);
		memory.workspaceId = workspaceId;
		memory.statuses = read.statuses;
		memory.details = read.details;
		seenInProcess.set(memory, read);

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
