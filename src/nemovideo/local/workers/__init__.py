"""Render workers: the pool starts one worker process per queued render and takes renders back after a crash;
`python -m nemovideo.local.workers.worker` renders one and reports on it through the database."""
