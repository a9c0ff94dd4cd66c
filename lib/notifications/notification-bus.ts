import { EventEmitter } from "node:events";

/**
 * Wakes the notification streams of a user in this process (event name: the user's id). Readers read
 * the database, so a notification written by a worker in another process is still seen, by polling.
 */
const globalForBus = globalThis as unknown as { notificationBus?: EventEmitter };
export const notificationBus: EventEmitter = globalForBus.notificationBus ?? new EventEmitter().setMaxListeners(0);
globalForBus.notificationBus = notificationBus;
