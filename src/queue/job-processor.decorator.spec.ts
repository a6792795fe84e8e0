import { JobProcessor, unhandledJobs } from './job-processor.decorator';
import { JOB_QUEUE, JobName, QueueName } from './queue-names';

describe('job processors', () => {
  it('lists every job no processor declares', () => {
    const all = Object.keys(JOB_QUEUE) as JobName[];
    expect(unhandledJobs([])).toEqual(all);
    expect(unhandledJobs([{ queue: QueueName.Matching, jobs: [JobName.ScoreListing, JobName.RematchAll] }])).not.toContain(JobName.ScoreListing);
    const everything = Object.values(QueueName).map((queue) => ({ queue, jobs: all.filter((job) => JOB_QUEUE[job] === queue) }));
    expect(unhandledJobs(everything)).toEqual([]);
  });

  it('refuses a job declared on another queue than its own', () => {
    expect(() => JobProcessor(QueueName.Maintenance, [JobName.ScoreListing])).toThrow(/score-listing belong to another queue than maintenance/);
  });
});
