/**
 * When an operation is complete. The test walks the ovice node's description and, for
 * every operation it offers and both node versions, asks for each piece a complete
 * operation has (output schemas as built into dist/); a missing one fails, naming the
 * operation and the piece. docs/development.md
 * ("Adding an endpoint") lists the same pieces.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { request } from 'undici';

import { Ovice } from '../nodes/Ovice/Ovice.node';
import { operations as group } from '../nodes/Ovice/actions/group/group.resource';
import type { OviceOperation } from '../nodes/Ovice/actions/operation';
import { operations as organization } from '../nodes/Ovice/actions/organization/organization.resource';
import { operations as workspace } from '../nodes/Ovice/actions/workspace/workspace.resource';
import { ENDPOINTS } from '../nodes/shared/endpoints';
import { SANDBOX_KEY } from '../sandbox/data';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { caseParameters, REFERENCE_CASES } from './engine/reference-cases';
import { PACKAGE_ROOT } from '../scripts/harness/engine';

const read = (file: string) => readFileSync(join(PACKAGE_ROOT, file), 'utf8');

const description = new Ovice().description;
const versions = [description.version].flat();

const DECLARED: Record<string, Record<string, OviceOperation>> = {
	workspace,
	organization,
	group,
};

/** Whether a property shows for a node version (the `@version` of its display options). */
function shownIn(property: INodeProperties, version: number): boolean {
	const condition = property.displayOptions?.show?.['@version'];
	if (!condition) return true;
	return condition.some((entry) =>
		typeof entry === 'object' && entry && '_cnd' in entry
			? version >= Number((entry._cnd as { gte?: number }).gte ?? 0)
			: entry === version,
	);
}

const resourceOptions = (description.properties.find((property) => property.name === 'resource')
	?.options ?? []) as INodePropertyOptions[];

interface Offered {
	resource: string;
	resourceName: string;
	option: INodePropertyOptions;
	/** the node versions whose Operation selector offers it */
	versions: number[];
}

/** Every operation the description offers, with the versions that offer it. */
function offeredOperations(): Offered[] {
	const offered = new Map<string, Offered>();
	for (const version of versions) {
		for (const selector of description.properties) {
			if (selector.name !== 'operation' || !shownIn(selector, version)) continue;
			const resource = String(selector.displayOptions?.show?.resource?.[0]);
			const resourceName = String(
				resourceOptions.find((option) => option.value === resource)?.name ?? resource,
			);
			for (const option of (selector.options ?? []) as INodePropertyOptions[]) {
				const key = `${resource}.${String(option.value)}`;
				const entry = offered.get(key) ?? { resource, resourceName, option, versions: [] };
				entry.versions.push(version);
				offered.set(key, entry);
			}
		}
	}
	return [...offered.values()];
}

/** The cells of the rows (header first, no separator) of the first Markdown table at or after `heading`. */
function tableRows(text: string, heading: string): string[][] {
	const lines = text.slice(text.indexOf(heading)).split('\n');
	const first = lines.findIndex((line) => line.startsWith('| '));
	const table = lines.slice(first);
	const end = table.findIndex((line) => !line.startsWith('|'));
	return table
		.slice(0, end < 0 ? undefined : end)
		.filter((line) => !/^\|[-| ]+\|$/.test(line))
		.map((line) =>
			line
				.slice(2, -2)
				.split(' | ')
				.map((cell) => cell.trim()),
		);
}

const README_OPERATIONS = tableRows(read('README.md'), '## Operations');
const AGENT_TOOLS = tableRows(read('docs/ai-agents.md'), '| tool | ovice operation |');
const MCP_EXAMPLE = JSON.parse(read('examples/ovice-mcp-server.json')) as {
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
};

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox?.close();
});

/** What ovice's sandbox answers to an operation's reference request. */
async function sandboxAnswer(key: string): Promise<{ status: number; body: unknown }> {
	const { expected } = REFERENCE_CASES[key];
	const url = new URL(expected.path, sandbox.url);
	for (const [name, value] of Object.entries(expected.query)) url.searchParams.set(name, value);
	const answer = await request(url, {
		method: expected.method,
		headers: {
			client_id: SANDBOX_KEY.clientId,
			client_secret: SANDBOX_KEY.clientSecret,
			'content-type': 'application/json',
		},
		body: expected.body === undefined ? undefined : JSON.stringify(expected.body),
	});
	const text = await answer.body.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON: reported below
	}
	return { status: answer.statusCode, body };
}

/** What a complete operation lacks, each worded as the piece to add. */
async function missingPieces(offered: Offered): Promise<string[]> {
	const { resource, resourceName, option } = offered;
	const value = String(option.value);
	const key = `${resource}.${value}`;
	const missing: string[] = [];
	const declared = Object.hasOwn(DECLARED[resource] ?? {}, value)
		? DECLARED[resource][value]
		: undefined;
	if (!declared) return [`no declaration in nodes/Ovice/actions/${resource}/`];

	for (const version of versions) {
		if (!offered.versions.includes(version))
			missing.push(`not offered by node version ${version}'s Operation selector`);
		const schema = `dist/nodes/Ovice/__schema__/v${version}.0.0/${resource}/${value}.json`;
		if (!existsSync(join(PACKAGE_ROOT, schema)))
			missing.push(`no output schema for node version ${version} (${schema})`);
	}

	if (!String(description.subtitle).includes(`${value}: ${declared.subtitle}`))
		missing.push(
			`the subtitle in Ovice.node.ts lacks its declared wording (${value}: ${declared.subtitle})`,
		);

	const endpoint = ENDPOINTS[declared.endpoint];
	const row = README_OPERATIONS.find(([r, o]) => r === resourceName && o === option.name);
	if (!row)
		missing.push(`no row in README.md's operations table (| ${resourceName} | ${option.name} |)`);
	else if (row[3] !== `\`${endpoint.method} ${endpoint.path}\``)
		missing.push(
			`README.md's operations row names ${row[3]}, not \`${endpoint.method} ${endpoint.path}\``,
		);

	const tool = MCP_EXAMPLE.nodes.find(
		(node) =>
			node.type === 'n8n-nodes-ovice.oviceTool' &&
			node.parameters.resource === resource &&
			node.parameters.operation === value,
	);
	if (!tool) missing.push('no tool in examples/ovice-mcp-server.json');
	const agentRow = AGENT_TOOLS.find(
		([, operation]) =>
			operation === `${resourceName} → ${option.name}` ||
			operation.startsWith(`${resourceName} → ${option.name} (`),
	);
	if (!agentRow) missing.push("no row in docs/ai-agents.md's tools table");
	else {
		if (tool && agentRow[0] !== `\`${tool.name}\``)
			missing.push(`docs/ai-agents.md names the tool ${agentRow[0]}, the example \`${tool.name}\``);
		if (agentRow[2] !== `${String(option.action)} in ovice`)
			missing.push(`docs/ai-agents.md's description is not "${String(option.action)} in ovice"`);
	}

	const referenceCase = Object.hasOwn(REFERENCE_CASES, key) ? REFERENCE_CASES[key] : undefined;
	if (!referenceCase)
		missing.push(`no hand-written reference case in test/engine/reference-cases.ts (${key})`);
	else {
		const parameters = caseParameters(referenceCase);
		if (parameters.resource !== resource || parameters.operation !== value)
			missing.push(
				`the reference case ${key} runs ${String(parameters.resource)}.${String(parameters.operation)}`,
			);
		if (referenceCase.expected.method !== endpoint.method)
			missing.push(
				`the reference case ${key} expects ${referenceCase.expected.method}, the endpoint is ${endpoint.method}`,
			);
		const answer = await sandboxAnswer(key);
		if (answer.status !== 200)
			missing.push(
				`the sandbox answers its reference request with HTTP ${answer.status} (a route in sandbox/server.ts)`,
			);
		else if (endpoint.result === 'list' && !(Array.isArray(answer.body) && answer.body.length > 0))
			missing.push('the sandbox has no data for it (an empty list; sandbox/data.ts)');
	}
	return missing.map((piece) => `${resourceName} → ${option.name}: ${piece}`);
}

describe('every operation of the ovice node is complete', () => {
	const offered = offeredOperations();

	it('the description offers the operations the package declares', () => {
		const declaredKeys = Object.entries(DECLARED).flatMap(([resource, byValue]) =>
			Object.keys(byValue).map((value) => `${resource}.${value}`),
		);
		expect(
			offered.map(({ resource, option }) => `${resource}.${String(option.value)}`).sort(),
		).toEqual(declaredKeys.sort());
	});

	it.each(offered.map((entry) => [`${entry.resourceName} → ${entry.option.name}`, entry] as const))(
		'%s',
		async (_name, entry) => {
			expect(await missingPieces(entry)).toEqual([]);
		},
	);

	it('the README, the MCP example and docs/ai-agents.md list no operation the node lacks', () => {
		const names = new Set(offered.map((entry) => `${entry.resourceName} | ${entry.option.name}`));
		const values = new Set(
			offered.map((entry) => `${entry.resource}.${String(entry.option.value)}`),
		);
		const stale = [
			...README_OPERATIONS.slice(1)
				.filter(([r, o]) => !names.has(`${r} | ${o}`))
				.map(([r, o]) => `README.md lists ${r} → ${o}`),
			...AGENT_TOOLS.slice(1)
				.filter(
					([, operation]) => !names.has(operation.replace(/ \(.*$/, '').replace(' → ', ' | ')),
				)
				.map(([tool]) => `docs/ai-agents.md lists ${tool}`),
			...MCP_EXAMPLE.nodes
				.filter((node) => node.type === 'n8n-nodes-ovice.oviceTool')
				.filter(
					(node) =>
						!values.has(`${String(node.parameters.resource)}.${String(node.parameters.operation)}`),
				)
				.map((node) => `examples/ovice-mcp-server.json has ${node.name}`),
			...Object.keys(REFERENCE_CASES)
				.filter((key) => !values.has(key))
				.map((key) => `test/engine/reference-cases.ts has ${key}`),
		];
		expect(stale).toEqual([]);
	});
});
