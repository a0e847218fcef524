/** n8n's REST API as its editor uses it: the owner login cookie, credentials and workflows. */
import { request } from 'undici';

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: Array<
		Record<string, unknown> & {
			type: string;
			name: string;
			credentials?: Record<string, { id: string; name: string }>;
		}
	>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	versionId?: string;
}

export class N8nApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: string,
		what: string,
	) {
		super(`${what} failed: HTTP ${status} ${body.slice(0, 500)}`);
	}
}

export class N8nApi {
	private cookie = '';
	private readonly browserId = 'ovice-local-browser';

	constructor(readonly url: string) {}

	/** A REST call (`/rest` + path) with the owner's login cookie. */
	async call<T>(
		method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
		path: string,
		body?: unknown,
	): Promise<T> {
		return await this.send<T>(method, `/rest${path}`, body);
	}

	/** The node types the editor loads (`/types/nodes.json`, which needs a login). */
	async nodeTypes(): Promise<
		Array<{ name: string; displayName: string; description: string; version: number | number[] }>
	> {
		return await this.send('GET', '/types/nodes.json');
	}

	private async send<T>(
		method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
		path: string,
		body?: unknown,
	): Promise<T> {
		const response = await request(`${this.url}${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.body.text();
		const setCookie = response.headers['set-cookie'];
		const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
		const auth = cookies.find((cookie) => cookie.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		if (response.statusCode >= 400)
			throw new N8nApiError(response.statusCode, text, `${method} ${path}`);
		const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	/** Logs in, creating the owner first when n8n has none. Returns whether it was created. */
	async signIn(owner: Owner): Promise<boolean> {
		const settings = await this.call<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>(
			'GET',
			'/settings',
		);
		if (settings.userManagement?.showSetupOnFirstLoad) {
			await this.call('POST', '/owner/setup', owner);
			return true;
		}
		await this.call('POST', '/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
		return false;
	}

	credentials(): Promise<Array<{ id: string; name: string; type: string }>> {
		return this.call('GET', '/credentials');
	}

	/**
	 * The credential of that name and type, created with `data` if there is none. An
	 * existing one is never changed: the user may have put a live key in it.
	 */
	async credentialOrCreate(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<{ id: string; name: string; created: boolean }> {
		const existing = (await this.credentials()).find(
			(credential) => credential.name === name && credential.type === type,
		);
		if (existing) return { id: existing.id, name: existing.name, created: false };
		const created = await this.call<{ id: string; name: string }>('POST', '/credentials', {
			name,
			type,
			data,
		});
		return { id: created.id, name: created.name, created: true };
	}

	/** Creates or overwrites a credential: for throwaway n8n instances (benchmarks, tests) only. */
	async ensureCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<{ id: string; name: string }> {
		const existing = (await this.credentials()).find(
			(credential) => credential.name === name && credential.type === type,
		);
		if (existing) {
			await this.call('PATCH', `/credentials/${existing.id}`, { name, type, data });
			return existing;
		}
		return await this.call('POST', '/credentials', { name, type, data });
	}

	/** The credential dialog's Test button: a saved credential tested with the dialog's values. */
	testCredential(
		credential: { id: string; name: string },
		type: string,
		data: Record<string, unknown>,
	): Promise<{ status: 'OK' | 'Error'; message: string }> {
		return this.call('POST', '/credentials/test', {
			credentials: { id: credential.id, name: credential.name, type, data },
		});
	}

	workflows(): Promise<Array<{ id: string; name: string; active: boolean; versionId?: string }>> {
		return this.call('GET', '/workflows');
	}

	createWorkflow(
		workflow: WorkflowJson,
	): Promise<WorkflowJson & { id: string; versionId: string }> {
		// n8n 1.x requires `active` on create; 2.x activates through its own endpoint only.
		return this.call('POST', '/workflows', { active: false, ...workflow });
	}

	getWorkflow(id: string): Promise<WorkflowJson & { id: string; versionId: string }> {
		return this.call('GET', `/workflows/${id}`);
	}

	async activate(id: string): Promise<void> {
		const { versionId } = await this.getWorkflow(id);
		await this.call('POST', `/workflows/${id}/activate`, { versionId });
	}

	async deactivate(id: string): Promise<void> {
		await this.call('POST', `/workflows/${id}/deactivate`, {});
	}
}
