import { byValue, resourceDescription } from '../operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getUsers } from './getUsers.operation';
import { sendNotification } from './sendNotification.operation';

const declared = [get, getAll, getUsers, sendNotification];

export const operations = byValue(declared);

export const description = resourceDescription('workspace', declared, getAll.value);
