/** Drives a running sandbox over HTTP: its record, its faults and its data. */
import { request } from 'undici';

import type { DeliveredNotification, FaultRule, RecordedRequest } from './server';
import type { WebhookDelivery, WebhookEmission } from './webhooks';

export class SandboxClient {
	constructor(readonly url: string) {}

	private async call<T>(
		method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
		route: string,
		body?: unknown,
		/** the route answers with another server's status: any status is an answer */
		relayed = false,
	): Promise<T> {
		const response = await request(`${this.url}/__sandbox${route}`, {
			method,
			headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
			body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
		});
		const text = await response.body.text();
		if (response.statusCode >= 400 && !relayed) {
			throw new Error(`sandbox ${method} ${route} answered ${response.statusCode}: ${text}`);
		}
		return (text ? JSON.parse(text) : undefined) as T;
	}

	requests(): Promise<RecordedRequest[]> {
		return this.call('GET', '/requests');
	}

	clearRequests(): Promise<void> {
		return this.call('DELETE', '/requests');
	}

	notifications(): Promise<DeliveredNotification[]> {
		return this.call('GET', '/notifications');
	}

	reset(): Promise<void> {
		return this.call('POST', '/reset');
	}

	addFault(rule: FaultRule): Promise<void> {
		return this.call('POST', '/faults', rule);
	}

	clearFaults(): Promise<void> {
		return this.call('DELETE', '/faults');
	}

	/** 429 above `perSecond` (0: no limit), with this Retry-After ("1" unless given; null: none). */
	limitRate(perSecond: number, retryAfter?: string | null): Promise<void> {
		return this.call('POST', '/rate-limit', { perSecond, retryAfter });
	}

	setKeyActive(clientId: string, active: boolean): Promise<void> {
		return this.call('PATCH', `/keys/${encodeURIComponent(clientId)}`, { active });
	}

	setUser(workspaceId: number, userId: number, changes: Record<string, unknown>): Promise<void> {
		return this.call('PATCH', `/workspaces/${workspaceId}/users/${userId}`, changes);
	}

	addUser(workspaceId: number, user: Record<string, unknown>): Promise<void> {
		return this.call('POST', `/workspaces/${workspaceId}/users`, user);
	}

	removeUser(workspaceId: number, userId: number): Promise<void> {
		return this.call('DELETE', `/workspaces/${workspaceId}/users/${userId}`);
	}

	/** Posts an ovice webhook; the delivery, whatever the trigger answered. */
	async emitWebhook(emission: WebhookEmission): Promise<WebhookDelivery> {
		const answer = await this.call<WebhookDelivery | { message: string }>(
			'POST',
			'/webhooks/emit',
			emission,
			true,
		);
		if (!('sent' in answer)) throw new Error(`the sandbox did not post it: ${answer.message}`);
		return answer;
	}

	generateWorkspace(id: number, users: number): Promise<void> {
		return this.call('POST', '/workspaces', { id, users });
	}
}
