"""Job supervision: the runner starts one worker process per render job and takes jobs back after a crash;
`python -m nemovideo.local.jobs.worker` renders one job and reports on it through the database."""
