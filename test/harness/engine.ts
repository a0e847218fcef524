/**
 * Runs this package's nodes through n8n's own engine (n8n-core), the way n8n runs a
 * community package: the built package is loaded by n8n's PackageDirectoryLoader, a
 * workflow JSON is executed by WorkflowExecute (the ovice node's own `execute`, the triggers'
 * poll and webhook functions), and requests leave over real HTTP. Only the parts of an n8n server that are not the
 * engine are stood in for: where credentials are stored, and how a run is reported.
 */
import {
	CredentialTestContext,
	ExecuteContext,
	WorkflowHasIssuesError,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PackageDirectoryLoader,
	RoutingNode,
	SupplyDataContext,
	WorkflowExecute,
} from 'n8n-core';
import { makeHandleToolInvocation } from 'n8n-core/dist/execution-engine/node-execution-context/utils/get-input-connection-data';
import {
	ICredentialsHelper,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
	createDeferredPromise,
	createRunExecutionData,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	IConnections,
} from 'n8n-workflow';
import { Container } from '@n8n/di';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';

import { findPackageRoot } from '../../sandbox/package-root';

export const PACKAGE_NAME = 'n8n-nodes-ovice';
export const PACKAGE_ROOT = findPackageRoot(__dirname);

/** The built package's learned ovice paces and reserved turns are forgotten (the modules the loaded nodes use). */
export function forgetLearnedPaces(): void {
	const load = createRequire(__filename);
	const transport = join(PACKAGE_ROOT, 'dist/nodes/shared/transport');
	(load(join(transport, 'pace.js')) as { forgetPaces(): void }).forgetPaces();
	(load(join(transport, 'turns.js')) as { forgetTurns(): void }).forgetTurns();
}

export type CredentialsByType = Record<string, ICredentialDataDecryptedObject>;

/** Holds credentials in memory and adds them to requests as n8n's server does. */
class MemoryCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: Record<string, ICredentialType>,
		private readonly credentials: CredentialsByType,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.credentialTypes[typeName]?.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type !== 'generic') return requestOptions;
		const options = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [where, entries] of Object.entries(authenticate.properties)) {
			options[where] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				options[where][key] = workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				);
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by this package');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[type];
		if (!data) throw new Error(`No credentials of type ${type} were given to the test`);
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string) {
		return this.credentialTypes[type]?.properties ?? [];
	}
}

export interface WorkflowJson {
	nodes: INode[];
	connections: IConnections;
	staticData?: IDataObject;
}

export interface RunResult {
	run: IRun;
	/** output items of a node's first run, main output 0 */
	output(nodeName: string): INodeExecutionData[];
	/** parameter issues that kept n8n from starting the run, by parameter name */
	issues?: Record<string, string[]>;
	/** the error that stopped the run, if any */
	error?: { message: string; description?: string | null; httpCode?: string | null; name?: string };
}

export class Engine {
	private constructor(
		readonly loader: PackageDirectoryLoader,
		readonly nodeTypes: INodeTypes,
	) {}

	/** Loads the built package (dist/) with n8n's community-package loader. */
	static async load(): Promise<Engine> {
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		const byName = (name: string): INodeType | IVersionedNodeType => {
			const short = name.startsWith(`${PACKAGE_NAME}.`)
				? name.slice(PACKAGE_NAME.length + 1)
				: name;
			// n8n's server adds an `xTool` variant of every usableAsTool node; it runs the node's own execute.
			const loaded =
				loader.nodeTypes[short] ??
				(short.endsWith('Tool') ? loader.nodeTypes[short.slice(0, -4)] : undefined);
			if (!loaded) throw new Error(`Unknown node type ${name}`);
			return loaded.type;
		};
		const nodeTypes: INodeTypes = {
			getByName: byName,
			getByNameAndVersion: (name, version) =>
				NodeHelpers.getVersionedNodeType(byName(name), version),
			getKnownTypes: () => loader.known.nodes as unknown as IDataObject,
		};
		return new Engine(loader, nodeTypes);
	}

	/** Stops the engine's own background timers, as n8n does when it shuts down. */
	static shutdown(): void {
		if (Container.has(SSHClientsManager)) Container.get(SSHClientsManager).onShutdown();
	}

	get credentialTypes(): Record<string, ICredentialType> {
		return Object.fromEntries(
			Object.entries(this.loader.credentialTypes).map(([name, loaded]) => [name, loaded.type]),
		);
	}

	additionalData(
		credentials: CredentialsByType,
		hooks?: ExecutionLifecycleHooks,
	): IWorkflowExecuteAdditionalData {
		return {
			credentialsHelper: new MemoryCredentialsHelper(this.credentialTypes, credentials),
			hooks,
			executeWorkflow: async () => {
				throw new Error('sub-workflows are not used');
			},
			getRunExecutionData: async () => undefined,
			currentNodeExecutionIndex: 0,
			restApiUrl: 'http://127.0.0.1:5678/rest',
			instanceBaseUrl: 'http://127.0.0.1:5678/',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			variables: {},
			logAiEvent: () => {},
			startRunnerTask: async () => {
				throw new Error('task runners are not used');
			},
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	workflow(json: WorkflowJson): Workflow {
		return new Workflow({
			id: 'test-workflow',
			nodes: json.nodes,
			connections: json.connections,
			active: false,
			nodeTypes: this.nodeTypes,
			staticData: json.staticData,
			settings: { executionOrder: 'v1' },
		});
	}

	/**
	 * Executes a workflow from its first node, which receives `input` as its incoming
	 * items (like n8n's own node test harness, which starts from the trigger's output).
	 */
	async run(
		json: WorkflowJson,
		options: {
			credentials?: CredentialsByType;
			input?: IDataObject[];
			cancelAfterMs?: number;
		} = {},
	): Promise<RunResult> {
		const workflow = this.workflow(json);
		// Every run is a new execution, with its own ID, as in n8n.
		const executionId = randomUUID();
		const hooks = new ExecutionLifecycleHooks('manual', executionId, {
			id: 'test-workflow',
			name: 'test',
			active: false,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes: json.nodes,
			connections: json.connections,
		} as never);
		const done = createDeferredPromise<IRun>();
		hooks.addHandler('workflowExecuteAfter', (run) => done.resolve(run));
		const additionalData = this.additionalData(options.credentials ?? {}, hooks);
		additionalData.executionId = executionId;

		const startNode = json.nodes[0];
		const input = (options.input ?? [{}]).map((json) => ({ json }));
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: startNode, data: { main: [input] }, source: null }],
			},
		});
		const workflowExecute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
		try {
			// n8n refuses a workflow with parameter issues right here, before any node runs.
			const execution = workflowExecute.processRunExecutionData(workflow);
			// As the editor's Stop button does: n8n aborts the execution's signal and ends it.
			if (options.cancelAfterMs !== undefined)
				setTimeout(() => execution.cancel(), options.cancelAfterMs);
			// A cancelled execution's promise never settles; n8n reports it through the hook.
			await Promise.race([execution, done.promise]);
		} catch (error) {
			if (!(error instanceof WorkflowHasIssuesError)) throw error;
			return this.refused(json, error);
		}
		const run = await done.promise;
		const error = run.data.resultData.error as RunResult['error'] | undefined;
		return {
			run,
			error,
			output(nodeName) {
				const taskData = run.data.resultData.runData[nodeName]?.[0];
				if (!taskData)
					throw new Error(`Node "${nodeName}" did not run${error ? `: ${error.message}` : ''}`);
				return taskData.data?.main?.[0] ?? [];
			},
		};
	}

	/**
	 * n8n refuses to start a workflow whose nodes have parameter issues (a required field
	 * left empty, a value its mode's validation rejects); the editor marks those fields.
	 * The result carries the issues per parameter, as the editor shows them.
	 */
	private refused(json: WorkflowJson, error: Error): RunResult {
		const issues: Record<string, string[]> = {};
		for (const node of json.nodes) {
			const description = this.nodeTypes.getByNameAndVersion(
				node.type,
				node.typeVersion,
			).description;
			const found = NodeHelpers.getNodeParametersIssues(description.properties, node, description);
			for (const [parameter, messages] of Object.entries(found?.parameters ?? {})) {
				issues[parameter] = messages;
			}
		}
		return {
			run: undefined as never,
			error: { message: error.message },
			issues,
			output() {
				throw new Error(`The workflow did not run: ${error.message}`);
			},
		};
	}

	/**
	 * A credential tested by a node's `testedBy` function, as n8n's tester runs it: the
	 * first node that names the credential with `testedBy` gives the function, which runs
	 * with n8n-core's CredentialTestContext.
	 */
	private async testCredentialByNode(
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<{ status: 'OK' | 'Error'; message: string }> {
		for (const { type: nodeType } of Object.values(this.loader.nodeTypes)) {
			const { description, methods } = nodeType as INodeType;
			const testedBy = description.credentials?.find(
				(credential) => credential.name === type,
			)?.testedBy;
			if (typeof testedBy !== 'string') continue;
			const test = methods?.credentialTest?.[testedBy];
			if (!test)
				throw new Error(
					`${description.name} names ${testedBy} as the test of ${type} but has no such method`,
				);
			return await test.call(new CredentialTestContext(), { id: 'test', name: 'test', type, data });
		}
		throw new Error(`${type} has no test`);
	}

	/**
	 * A node used as an AI agent's tool, called the way n8n-core's agent path calls it
	 * (makeHandleToolInvocation: each try of a call gets a new run index and the call's
	 * arguments as its one input item). Returns the function an agent calls with arguments.
	 */
	toolCalls(node: INode, credentials: CredentialsByType): (args: IDataObject) => Promise<string> {
		const workflow = this.workflow({ nodes: [node], connections: {} });
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
		const runExecutionData = createRunExecutionData();
		const additionalData = this.additionalData(credentials);
		additionalData.executionId = randomUUID();
		const executeData: IExecuteData = { node, data: {}, source: null };
		const contextFactory = (runIndex: number) =>
			new SupplyDataContext(
				workflow,
				node,
				additionalData,
				'manual',
				runExecutionData,
				runIndex,
				[],
				{},
				NodeConnectionTypes.AiTool,
				executeData,
				[],
			);
		return makeHandleToolInvocation(contextFactory, node, nodeType, runExecutionData) as (
			args: IDataObject,
		) => Promise<string>;
	}

	/** A node's list search, called the way n8n's editor calls it. */
	async listSearch(
		node: INode,
		method: string,
		credentials: CredentialsByType,
		filter?: string,
	): Promise<INodeListSearchResult> {
		const workflow = this.workflow({ nodes: [node], connections: {} });
		const context = new LoadOptionsContext(workflow, node, this.additionalData(credentials), '');
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const search = nodeType.methods?.listSearch?.[method];
		if (!search) throw new Error(`No list search ${method}`);
		return await search.call(context, filter);
	}

	/**
	 * A credential's "Test" as n8n's server performs it for request-based tests: the test
	 * request runs through RoutingNode; an error status is matched against the rules.
	 */
	async testCredential(
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<{ status: 'OK' | 'Error'; message: string }> {
		const credentialType = this.credentialTypes[type];
		const test = credentialType.test;
		if (!test) return await this.testCredentialByNode(type, data);
		const nodeType: INodeType = {
			description: {
				displayName: 'Credential test',
				name: 'credentialTest',
				group: [],
				version: 1,
				description: '',
				defaults: {},
				inputs: [],
				outputs: [],
				credentials: [{ name: type, required: true }],
				properties: [
					{
						displayName: 'Temp',
						name: 'temp',
						type: 'string',
						default: '',
						routing: { request: test.request },
					},
				],
			},
		};
		const node: INode = {
			id: 'temp',
			name: 'Temp-Node',
			type: 'credentialTest',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			credentials: { [type]: { id: 'test', name: 'test' } },
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: {
				getByName: () => nodeType,
				getByNameAndVersion: () => nodeType,
				getKnownTypes: () => ({}),
			},
		});
		const executeData: IExecuteData = { node, data: {}, source: null };
		const context = new ExecuteContext(
			workflow,
			node,
			this.additionalData({ [type]: data }),
			'internal',
			createRunExecutionData(),
			0,
			[],
			{ main: [[{ json: {} }]] },
			executeData,
			[],
		);
		const routingNode = new RoutingNode(context, nodeType, {
			id: 'test',
			name: 'test',
			type,
			data,
		});
		try {
			await routingNode.runNode();
		} catch (caught) {
			const error = caught as {
				cause?: { response?: { status: number; statusText?: string }; code?: string };
				httpCode?: string | null;
				message: string;
			};
			// n8n's tester reads the status from the request error kept as `cause`. The
			// n8n-workflow 2.11 used for these tests drops `cause` (a class field re-declares
			// it), so the same status is read from `httpCode`, which NodeApiError sets from
			// that response. The real-n8n end-to-end suite checks the tester itself.
			const status =
				error.cause?.response?.status ?? (error.httpCode ? Number(error.httpCode) : undefined);
			if (status !== undefined && !Number.isNaN(status)) {
				const rule = test.rules?.find(
					(candidate) => candidate.type === 'responseCode' && candidate.properties.value === status,
				);
				if (rule && rule.type === 'responseCode')
					return { status: 'Error', message: rule.properties.message };
				return {
					status: 'Error',
					message: error.cause?.response?.statusText || `Received HTTP status code: ${status}`,
				};
			}
			return { status: 'Error', message: error.cause?.code ?? error.message };
		}
		return { status: 'OK', message: 'Connection successful!' };
	}
}
