/**
 * What the canvas shows under each node: n8n's editor evaluates the description's subtitle
 * with the node's parameters. Evaluated here with n8n-workflow's own expression engine.
 */
import type { INode, INodeParameters } from 'n8n-workflow';

import { PACKAGE_NAME } from '../harness/engine';
import {
	oviceNode,
	presenceTriggerNode,
	useTestBed,
	webhookTriggerNode,
} from '../harness/fixtures';

const bed = useTestBed();

function subtitleOf(node: INode): unknown {
	const { description } = bed.engine.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const workflow = bed.engine.workflow({ nodes: [node], connections: {} });
	return workflow.expression.getSimpleParameterValue(node, description.subtitle!, 'internal', {});
}

const picked = (value: string, cachedResultName?: string) => ({
	__rl: true,
	mode: cachedResultName ? 'list' : 'id',
	value,
	...(cachedResultName ? { cachedResultName } : {}),
});

describe('subtitles', () => {
	it.each([
		[
			{
				resource: 'workspace',
				operation: 'sendNotification',
				workspaceId: picked('101', 'Tokyo HQ'),
			},
			'Notify Tokyo HQ',
		],
		[
			{ resource: 'workspace', operation: 'getUsers', workspaceId: picked('102') },
			'Users of workspace 102',
		],
		[{ resource: 'workspace', operation: 'getAll' }, 'Get many workspaces'],
		[
			{ resource: 'group', operation: 'sendNotification', groupId: picked('201', 'Engineering') },
			'Notify Engineering',
		],
		[{ resource: 'group', operation: 'getAll' }, 'Get many groups'],
		[
			{ resource: 'group', operation: 'getMembers', groupId: picked('202', 'Design') },
			'Members of Design',
		],
		[{ resource: 'workspace', operation: 'get', workspaceId: picked('103') }, 'Get workspace 103'],
		[{ resource: 'organization', operation: 'sendNotification' }, 'Notify organization'],
	] as Array<[INodeParameters, string]>)('ovice with %j reads "%s"', (parameters, expected) => {
		expect(subtitleOf(oviceNode(parameters))).toBe(expected);
	});

	it('ovice Webhook Trigger names the chosen events as ovice does', () => {
		expect(subtitleOf(webhookTriggerNode({ events: ['online', 'enterRoom', 'noEvent'] }))).toBe(
			'Online, Enter room, No event',
		);
	});

	it('ovice Presence Trigger names the workspace', () => {
		expect(subtitleOf(presenceTriggerNode({ workspaceId: picked('101', 'Tokyo HQ') }))).toBe(
			'Presence in Tokyo HQ',
		);
		expect(subtitleOf(presenceTriggerNode({ workspaceId: picked('103') }))).toBe(
			'Presence in workspace 103',
		);
	});
});

describe('notices', () => {
	// n8n's N8nNotice (design system) passes a notice through sanitize-html with only these
	// tags allowed; anything else is stripped and its text runs together.
	const KEPT_TAGS = ['a', 'ul', 'li'];

	it.each(['ovice', 'oviceWebhookTrigger', 'ovicePresenceTrigger'])(
		'%s uses only the tags n8n keeps in notices',
		(name) => {
			const { description } = bed.engine.nodeTypes.getByNameAndVersion(
				`${PACKAGE_NAME}.${name}`,
				1,
			);
			const notices = description.properties.filter((property) => property.type === 'notice');
			for (const notice of notices) {
				const tags = [...notice.displayName.matchAll(/<\/?([a-z0-9]+)/gi)].map((match) =>
					match[1].toLowerCase(),
				);
				expect({
					notice: notice.name,
					tags: tags.filter((tag) => !KEPT_TAGS.includes(tag)),
				}).toEqual({ notice: notice.name, tags: [] });
			}
		},
	);

	it('the credentials use only those tags too', () => {
		for (const type of Object.values(bed.engine.credentialTypes)) {
			for (const property of type.properties.filter((candidate) => candidate.type === 'notice')) {
				const tags = [...property.displayName.matchAll(/<\/?([a-z0-9]+)/gi)].map((match) =>
					match[1].toLowerCase(),
				);
				expect(tags.filter((tag) => !KEPT_TAGS.includes(tag))).toEqual([]);
			}
		}
	});
});
