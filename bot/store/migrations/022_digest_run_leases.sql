-- A digest run still 'sending' is sent by one process at a time, its owner: the run of Mozaik
-- that started it or took it over (its THIS_RUN, as the instance lease names its holder), until
-- lease_until, renewed after each part it posts. Another process takes a run over only once its
-- lease is expired (bot/digest/run_lease.py); the owner writes the run's parts, its end and its
-- subscribers' letters only while it still owns it. Runs from before this migration have neither:
-- a run still 'sending' among them is taken by the first process that resumes it.
ALTER TABLE digest_runs ADD COLUMN owner TEXT;
ALTER TABLE digest_runs ADD COLUMN lease_until TEXT;
