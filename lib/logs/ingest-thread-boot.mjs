// Worker threads do not inherit the tsx loader of the process that starts them (nor Next's bundle).
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register();
await import(workerData.entry);
