export { retryDelayMs } from "./backoff.js";
export { cancelJobs, enqueueJob, type JobLease, type JobRow, JOBS_CHANNEL, type NewJob } from "./enqueue.js";
export {
  finishJob,
  type BatchedJob,
  type BatchJobHandler,
  type JobHandler,
  type JobMetrics,
  type JobRun,
  JobRunner,
  type JobRunnerOptions,
} from "./runner.js";
